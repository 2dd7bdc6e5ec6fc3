// The starter scaffold, end to end: create, install, test, build, start and fetch the home page.
import { testScaffold } from './run-scaffold.js';

testScaffold('starter', { home: /<h1>Welcome to Shop<\/h1>/ });
