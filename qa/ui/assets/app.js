// A click on a citation marker [n] in the chat brings its source card into view and flashes it.
document.addEventListener('click', function (event) {
  const link = event.target.closest && event.target.closest('a[href^="#source-"], a[href^="#related-"]');
  if (!link) return;
  const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS') node.open = true;
  }
  document.querySelectorAll('.qa-source.qa-target').forEach(function (el) { el.classList.remove('qa-target'); });
  void target.offsetWidth;
  target.classList.add('qa-target');
  target.scrollIntoView({behavior: 'smooth', block: 'center'});
}, true);
