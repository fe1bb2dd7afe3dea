// Newbook's response envelope. `success` is the STRING "true" or "false"; errors are
// mostly HTTP 200 with success "false".

export function listEnvelope(data: unknown[], dataTotal = data.length) {
  return { success: "true", message: "", data, data_total: dataTotal, data_count: data.length };
}

export function failureEnvelope(message: string) {
  return { success: "false", message };
}
