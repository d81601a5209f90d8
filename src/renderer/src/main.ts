import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
import { whenConnected } from './api/client'
import { useBookStore } from './stores/book'
import { parseHash } from './stores/router'
import './styles/base.css'

document.documentElement.lang = i18n.global.locale.value
const pinia = createPinia()
const app = createApp(App).use(pinia).use(i18n)
// The first view's data is asked for before the page builds itself, and the backend answers meanwhile; building it
// waits a moment for the connection to open, so that the asking leaves first.
void useBookStore(pinia)
  .loadFirstView(parseHash(window.location.hash))
  .catch(() => {})
void whenConnected(50).then(() => app.mount('#app'))
