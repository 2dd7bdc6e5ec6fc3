// What a later commit does with what an earlier commit registered under the same discriminator: as in
// Pyramid, conflicts are only looked for within one commit, and the later registration overrides.

/**
 * Put `entry` in `list` in place of the committed entry `same` finds, or at the end when there is
 * none. `keepPlace` keeps the old one's position (a view among the views of its slot); otherwise the
 * new one goes to the end, as Pyramid's sorters move a name added again.
 * @example replaceCommitted(state.tweens, entry, (tween) => tween.name === entry.name);
 */
export function replaceCommitted<T>(
  list: T[],
  entry: T,
  same: (committed: T) => boolean,
  keepPlace = false,
): T | undefined {
  const at = list.findIndex(same);
  if (at === -1) {
    list.push(entry);
    return undefined;
  }
  const [committed] = keepPlace ? list.splice(at, 1, entry) : list.splice(at, 1);
  if (!keepPlace) list.push(entry);
  return committed;
}
