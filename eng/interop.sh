#!/usr/bin/env bash
# Interop check: starts the standalone emulator, runs the WIRE.md curl example against it, then the
# official @google/genai SDK (tests/interop/genai-check.mjs). Needs only the .NET SDK, node/npm, python3 and curl.
# Usage: bash eng/interop.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

api_key="interop-key"
wrong_key="interop-wrong-key"
started=$SECONDS

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
emulator_pid=""

cleanup() {
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

for tool in dotnet node npm python3 curl; do
  command -v "$tool" >/dev/null || { echo "FAIL $tool is required on PATH" >&2; exit 1; }
done
echo "== dotnet $(dotnet --version), node $(node --version), npm $(npm --version 2>/dev/null)"

echo "== building the emulator (Release)"
dotnet build src/NanoBanana.Sdk.Emulator -c Release -nologo -v quiet

echo "== starting the emulator on $base"
# --no-build: built just above. SIGTERM to `dotnet run` is forwarded to the emulator, which stops cleanly.
# -f: the emulator targets net8.0 and net10.0; only the .NET 10 runtime is assumed here.
dotnet run --project src/NanoBanana.Sdk.Emulator -c Release -f net10.0 --no-build -- \
  --urls "$base" --api-key "$api_key" --batch-pending 0 --batch-running 2 >"$work/emulator.log" 2>&1 &
emulator_pid=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    break
  fi
  # Any HTTP answer (here the 403 for a keyless request) means Kestrel is listening.
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/v1beta/interactions" || true)"
  if [[ "$code" != "000" ]]; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  echo "FAIL the emulator did not answer within 60 s; its log:" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi

echo "== curl: the generateContent example from WIRE.md"
curl -sS --fail-with-body -H "x-goog-api-key: $api_key" -H 'Content-Type: application/json' \
  -d '{"contents":[{"parts":[{"text":"a banana in space"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"],"imageConfig":{"aspectRatio":"16:9","imageSize":"2K"}}}' \
  "$base/v1beta/models/gemini-3.1-flash-image:generateContent" >"$work/curl.json"
python3 - "$work/curl.json" <<'PY'
import base64, json, struct, sys, zlib

answer = json.load(open(sys.argv[1]))
parts = answer["candidates"][0]["content"]["parts"]
images = [p["inlineData"] for p in parts if "inlineData" in p and not p.get("thought")]
if len(images) != 1:
    sys.exit(f"FAIL curl generateContent: expected one final image part, got {len(images)}")
if images[0]["mimeType"] != "image/png":
    sys.exit(f"FAIL curl generateContent: mimeType {images[0]['mimeType']}")
png = base64.b64decode(images[0]["data"], validate=True)
if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
    sys.exit("FAIL curl generateContent: the image is not a PNG")
width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
if (width, height) != (2752, 1536):
    sys.exit(f"FAIL curl generateContent: {width}x{height}, expected 2752x1536")
# Decodable, not just labelled: every chunk's CRC holds and the IDAT stream inflates to exactly the pixel rows.
at, idat, chunks = 8, b"", []
while at < len(png):
    length, kind = struct.unpack(">I4s", png[at:at + 8])
    data = png[at + 8:at + 8 + length]
    if zlib.crc32(kind + data) != struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0]:
        sys.exit(f"FAIL curl generateContent: bad CRC in {kind!r}")
    chunks.append(kind)
    idat += data if kind == b"IDAT" else b""
    at += 12 + length
channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
row = 1 + (width * channels * depth + 7) // 8
if chunks[-1] != b"IEND" or len(zlib.decompress(idat)) != height * row:
    sys.exit("FAIL curl generateContent: the PNG does not decode to its IHDR size")
print(f"PASS curl generateContent returns a decodable {width}x{height} PNG ({len(png)} bytes)")
PY

echo "== @google/genai"
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
status=0
EMULATOR_BASE_URL="$base" EMULATOR_API_KEY="$api_key" EMULATOR_WRONG_KEY="$wrong_key" \
  node tests/interop/genai-check.mjs 2>"$work/node-stderr.log" || status=$?
if [[ $status -ne 0 ]]; then
  echo "-- node stderr:" >&2
  cat "$work/node-stderr.log" >&2
  echo "-- emulator log:" >&2
  cat "$work/emulator.log" >&2
  exit "$status"
fi

echo "== interop passed in $((SECONDS - started)) s"
