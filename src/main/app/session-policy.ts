import type { Session } from 'electron'

/** The one permission the app uses: telling the learner that a long pull or build finished while they were away. */
const ALLOWED = new Set(['notifications'])

/**
 * The app needs no camera, microphone, geolocation, USB, HID, serial or Bluetooth device, and no screen capture:
 * every request and check but notifications is refused (the window loads only the app's own page), and device
 * pickers choose nothing.
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(ALLOWED.has(permission)))
  session.setPermissionCheckHandler((_webContents, permission) => ALLOWED.has(permission))
  session.setDevicePermissionHandler(() => false)
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}))
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  session.on('select-serial-port', (event, _ports, _webContents, callback) => {
    event.preventDefault()
    callback('')
  })
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
}
