// Shows "This page was changed by <user>" with a link to the new version when someone saves the page
// this browser shows (server-sent events from the page's /changes stream).
const notice = document.querySelector('.live-notice[data-changes]');
if (notice && 'EventSource' in window) {
  const changes = new EventSource(notice.dataset.changes);
  // Marks the page as listening (and not, while the browser reconnects), for styles and tests.
  changes.addEventListener('open', () => {
    notice.dataset.live = 'open';
  });
  changes.addEventListener('error', () => {
    delete notice.dataset.live;
  });
  changes.addEventListener('changed', (event) => {
    const change = JSON.parse(event.data);
    const link = document.createElement('a');
    link.href = change.url;
    link.textContent = 'Show the new version';
    notice.replaceChildren(`This page was changed by ${change.by ?? 'someone'}. `, link);
    notice.hidden = false;
  });
}
