// The Mini App: read a pack's code from the camera, ask our server, show the verdict card.
// Plain ES module, no build step: zxing-wasm's own ES module and .wasm are served by our server (/app/zxing/).
import { prepareZXingModule, readBarcodes } from "../zxing/es/reader/index.js";

// Bytes as they are (GS kept as \u001d), not the human-readable "(01)..." form; DMRE is part of DataMatrix.
const READ = { formats: ["DataMatrix", "QRCode", "EAN13"], textMode: "Plain", tryHarder: true, maxNumberOfSymbols: 4 };
// A carton's EAN-13 names only the product; its DataMatrix names the pack. An EAN-13 alone is taken
// only once it has been seen this many frames in a row (about a third of a second) with no 2D code.
const EAN_ALONE_FRAMES = 10;
const isEan = (symbol) => symbol.format.startsWith("EAN"); // "EAN13" or "EAN-13", as the version names it
const FRAME_SIDE = 640; // the centre square of the preview is decoded at most this big
const BLACK_AFTER_MS = 2000; // a stream still black this long is broken (iOS in Telegram sometimes): offer the photo

// Never from a CDN: the .wasm comes from our server, beside the module.
prepareZXingModule({
  overrides: { locateFile: (path, prefix) => path.endsWith(".wasm") ? new URL("../zxing/reader/zxing_reader.wasm", import.meta.url).href : prefix + path },
  fireImmediately: true,
});

const $ = (id) => document.getElementById(id);
const hash = new URLSearchParams(location.hash.slice(1));
const tg = () => window.Telegram?.WebApp; // absent when telegram.org cannot be reached
const initData = () => tg()?.initData || hash.get("tgWebAppData") || "";

// What a person (or bench/live_scan.py, or the tests) can read about this session.
const stats = window.medcheck = { opened: performance.now(), frames: 0, decodeMs: 0, firstFrame: null, read: null, text: null, verdict: null, answer: null };
let words = {};
let stream = null;
let scanning = false;
const refused = new Set(); // texts the server said are no pack code: not sent again while the camera looks at them

function state(name, message = "") {
  document.body.dataset.state = name;
  $("status").textContent = message;
}

function theme() {
  let params = tg()?.themeParams;
  if (!params || !Object.keys(params).length) {
    try { params = JSON.parse(hash.get("tgWebAppThemeParams") || "{}"); } catch { params = {}; }
  }
  const names = { bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
    button_color: "--button", button_text_color: "--button-text", secondary_bg_color: "--secondary-bg" };
  for (const [key, variable] of Object.entries(names)) {
    if (params[key]) document.documentElement.style.setProperty(variable, params[key]);
  }
}

function telegramReady() {
  const app = tg();
  if (!app) return;
  app.ready();
  app.expand();
  app.onEvent?.("themeChanged", theme);
  theme();
}

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  let data = {};
  try { data = await response.json(); } catch { /* an error page from a proxy */ }
  return { status: response.status, data };
}

async function loadWords() {
  const { status, data } = await post("api/strings", { init_data: initData() });
  if (status !== 200) throw new Error(`strings: HTTP ${status}`);
  words = data.strings;
  document.documentElement.lang = data.lang;
  $("title").textContent = words.title;
  $("photo-text").textContent = words["take-photo"];
  $("again").textContent = words["scan-another"];
  return data.auth;
}

// ------------------------------------------------------------------ the camera

async function startCamera() {
  state("starting", words.starting);
  $("camera").hidden = false;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch {
    noCamera();
    return;
  }
  const video = $("video");
  video.srcObject = stream;
  await video.play().catch(() => {});
  scanning = true;
  state("scanning", words.hint);
  scan(video);
}

function stopCamera() {
  scanning = false;
  stream?.getTracks().forEach((track) => track.stop());
  stream = null;
}

// The camera's next picture (each is decoded once); a browser without requestVideoFrameCallback: the next paint.
// At most FRAME_WAIT_MS: a busy browser sometimes stops calling back while the picture goes on changing.
const FRAME_WAIT_MS = 150;
const nextFrame = (video) => new Promise((resolve) => {
  setTimeout(resolve, FRAME_WAIT_MS);
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(() => resolve());
  else requestAnimationFrame(() => resolve());
});

function noCamera() {
  stopCamera();
  $("camera").hidden = true;
  state("no-camera", words["no-camera"]);
}

async function scan(video) {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let lastLight = performance.now();
  let eanFrames = 0;
  // A timer, not the frames: a broken stream may send black pictures, or none at all.
  const watchdog = setInterval(() => {
    if (scanning && performance.now() - lastLight > BLACK_AFTER_MS) { clearInterval(watchdog); noCamera(); }
  }, 250);
  try {
    while (scanning) {
      if (video.readyState < 2 || !video.videoWidth) { await nextFrame(video); continue; }
      const side = Math.min(video.videoWidth, video.videoHeight);
      const size = Math.min(side, FRAME_SIDE);
      canvas.width = canvas.height = size;
      context.drawImage(video, (video.videoWidth - side) / 2, (video.videoHeight - side) / 2, side, side, 0, 0, size, size);
      const image = context.getImageData(0, 0, size, size);
      stats.firstFrame ??= performance.now();
      if (!isBlack(image)) lastLight = performance.now();
      const started = performance.now();
      let symbols;
      try {
        symbols = (await readBarcodes(image, READ)).filter((s) => s.isValid && s.text && !refused.has(s.text));
      } catch { // the decoder did not load: nothing here can read a code
        stopCamera();
        return offerAgain("failed", words.failed, false);
      }
      stats.frames += 1;
      stats.decodeMs += performance.now() - started;
      const pack = symbols.find((s) => !isEan(s));
      eanFrames = symbols.length && !pack ? eanFrames + 1 : 0;
      const text = pack?.text ?? (eanFrames >= EAN_ALONE_FRAMES ? symbols[0].text : null);
      if (scanning && text) { await found(text); return; }
      await nextFrame(video);
    }
  } finally {
    clearInterval(watchdog);
  }
}

function isBlack(image) {
  const data = image.data;
  let sum = 0;
  const step = 4 * 97; // a sample of pixels is enough
  for (let i = 0; i < data.length; i += step) sum += data[i] + data[i + 1] + data[i + 2];
  return sum / (3 * (data.length / step)) < 8;
}

// ------------------------------------------------------------------ a code was read

function buzz() {
  const haptic = tg()?.HapticFeedback;
  if (haptic) haptic.notificationOccurred("success");
  else navigator.vibrate?.(60);
}

async function found(text) {
  stats.read = performance.now();
  stats.text = text;
  buzz();
  stopCamera();
  state("checking", words.checking);
  let answer;
  try {
    answer = await post("api/check", { init_data: initData(), code: text });
  } catch {
    return offerAgain("failed", words.failed);
  }
  const { status, data } = answer;
  stats.answer = { status, ...data };
  if (status === 200) return showVerdict(data);
  if (status === 400) { // another barcode (not a pack's): keep looking
    refused.add(text);
    state("not-a-code", words["not-a-code"]);
    return startCamera().then(() => state("scanning", words["not-a-code"]));
  }
  if (status === 401) { const name = refusedState(data.error); return offerAgain(name, words[name], false); }
  if (status === 429) return offerAgain("throttled", data.message || words.failed);
  return offerAgain("failed", words.failed);
}

// The page's state (and its words' key) for initData the server refused: "stale" (reopen it) or anything else.
const refusedState = (error) => (error === "stale" ? "expired" : "signed-out");

function offerAgain(name, message, again = true) {
  $("camera").hidden = true;
  $("verdict").hidden = !again;
  $("card").replaceChildren();
  $("in-chat").textContent = "";
  $("buttons").replaceChildren();
  state(name, message);
}

function showVerdict(data) {
  $("camera").hidden = true;
  $("card").replaceChildren(telegramHtml(data.card));
  $("in-chat").textContent = words["in-chat"];
  // The card's buttons start conversations in the chat: each is a t.me link that presses the same button
  // there ("/start complain-12"), and the Mini App closes to show it.
  $("buttons").replaceChildren(...data.buttons.map(({ text, url }) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.dataset.url = url;
    button.addEventListener("click", () => {
      const app = tg();
      if (!app) return void location.assign(url);
      app.openTelegramLink(url);
      app.close();
    });
    return button;
  }));
  $("verdict").hidden = false;
  document.body.dataset.verdict = data.verdict;
  stats.verdict = performance.now();
  state("verdict");
}

// The card is the chat's Telegram HTML: rebuilt from its allowed tags only, everything else as text.
const TAGS = new Set(["B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL", "CODE", "PRE", "BLOCKQUOTE"]);
function telegramHtml(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  const copy = (from, into) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) { into.append(node.textContent); continue; }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const href = node.tagName === "A" ? node.getAttribute("href") || "" : "";
      const element = document.createElement(TAGS.has(node.tagName) ? node.tagName.toLowerCase() : /^https:\/\//i.test(href) ? "a" : "span");
      if (element.tagName === "A") { element.href = href; element.target = "_blank"; element.rel = "noopener"; }
      copy(node, element);
      into.append(element);
    }
  };
  const out = document.createDocumentFragment();
  copy(parsed, out);
  return out;
}

// ------------------------------------------------------------------ a photo instead

async function fromPhoto(file) {
  stopCamera();
  $("camera").hidden = true;
  state("checking", words.checking);
  const symbols = await readBarcodes(file, READ).catch(() => []);
  const symbol = symbols.find((s) => !isEan(s)) ?? symbols[0];
  if (symbol?.text) return found(symbol.text);
  return offerAgain("photo-no-code", words["photo-no-code"]);
}

// ------------------------------------------------------------------ start

async function main() {
  theme();
  telegramReady();
  $("telegram-script").addEventListener("load", telegramReady);
  $("photo").addEventListener("change", (event) => { if (event.target.files[0]) fromPhoto(event.target.files[0]); event.target.value = ""; });
  $("again").addEventListener("click", () => { $("verdict").hidden = true; delete document.body.dataset.verdict; startCamera(); });
  let auth;
  try {
    auth = await loadWords();
  } catch {
    return state("failed", "…");
  }
  if (auth !== "ok") {
    $("camera").hidden = true;
    $("photo-label").hidden = true;
    const name = refusedState(auth);
    return state(name, words[name]);
  }
  startCamera();
}

main();
