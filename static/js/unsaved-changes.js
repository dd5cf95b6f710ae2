// The month page: warn before leaving with edits that have not been saved.
const form = document.getElementById('ratings')
if (form) {
  let changed = false
  form.addEventListener('input', () => { changed = true })
  form.addEventListener('submit', () => { changed = false })
  window.addEventListener('beforeunload', (event) => {
    if (changed) {
      event.preventDefault()
      event.returnValue = ''
    }
  })
}
