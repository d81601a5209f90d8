/** Largest serialized params a call may carry; beyond it the call gets PAYLOAD_TOO_LARGE. */
export const MAX_PARAMS_BYTES = 1024 * 1024

/** Hard cap on one WebSocket frame: above this the bridge drops the connection instead of parsing. */
export const MAX_WS_FRAME_BYTES = 8 * MAX_PARAMS_BYTES

/** WebSocket clients the serve bridge accepts at once (tabs of the app); more are refused with 503. */
export const MAX_WS_CLIENTS = 16

/**
 * Bytes a WebSocket client may leave unread (its `bufferedAmount`) before the bridge closes it: one client that stops
 * reading must not grow the backend's memory. Terminal output is already bounded by flow control; this bounds the rest.
 */
export const MAX_WS_BUFFERED_BYTES = 32 * 1024 * 1024

/** Calls one WebSocket client may have running at once; more are answered TOO_MANY_REQUESTS at once. */
export const MAX_WS_CALLS_IN_FLIGHT = 64

/** Bytes of an image archive in one import or export call (base64 in the message: about 700 KB, under the params cap). */
export const IMAGE_ARCHIVE_CHUNK_BYTES = 512 * 1024
