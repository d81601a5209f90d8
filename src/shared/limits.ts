/** Largest serialized params a call may carry; beyond it the call gets PAYLOAD_TOO_LARGE. */
export const MAX_PARAMS_BYTES = 1024 * 1024

/** Hard cap on one WebSocket frame: above this the bridge drops the connection instead of parsing. */
export const MAX_WS_FRAME_BYTES = 8 * MAX_PARAMS_BYTES
