/**
 * The one script of the class summary: click a column header to sort the students table by it
 * (again to reverse). Allowed by the page's Content-Security-Policy through its SHA-256 hash, so
 * no other inline script (and no injected one) can run; a test keeps the hash in step.
 */
export const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, column) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of heads) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const numeric = th.dataset.type === 'number';
      const body = table.tBodies[0];
      const key = (row) => row.cells[column].dataset.sort ?? '';
      const rows = Array.from(body.rows).sort((a, b) => {
        const order = numeric ? Number(key(a)) - Number(key(b)) : key(a).localeCompare(key(b));
        return ascending ? order : -order;
      });
      for (const row of rows) body.appendChild(row);
    });
  });
}
`;

/** base64 SHA-256 of SORT_SCRIPT, for the page's Content-Security-Policy. */
export const SORT_SCRIPT_SHA256 = 'W+/GGDQ9f4Gn2f3Nh5ax+ZLYZ2RHi9lp6iqzCwBbswA=';
