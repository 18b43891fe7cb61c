"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests of the real bot.

It speaks the Bot API's HTTP protocol (https://core.telegram.org/bots/api): `POST /bot<token>/<method>`
with parameters as a query string, form data, multipart form data or JSON, and answers
`{"ok": true, "result": ...}` or Telegram's error shape `{"ok": false, "error_code": 400,
"description": "Bad Request: ..."}`. Objects follow the Bot API's definitions (dates in seconds,
entity offsets in UTF-16 code units).

A test plays users through it (`send_text`, `press_button`, `inline_query`, `send_sticker`, ...),
which queues updates for `getUpdates` (a real long poll with offset, limit and timeout), and reads
back every call the bot made (`calls`, `wait_for`, `messages_to`). Like Telegram it rejects message
texts over 4096 characters, callback_data over 64 bytes, and HTML that does not parse (unknown or
unbalanced tags, a `<` that starts no tag, a `&` that starts no entity: stricter than Telegram, which
keeps a lone `&`). Faults can be injected per method and chat: delays and error answers.

Only the methods the Career Advisor bot uses are implemented: getMe, getUpdates, sendMessage,
editMessageText, answerCallbackQuery, answerInlineQuery, setMyCommands, getMyCommands,
sendChatAction, deleteWebhook, setWebhook, getWebhookInfo, close and logOut.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

TOKEN = "123456789:AAFakeTokenForTestsOnly_0123456789abc"
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
DEFAULT_ALLOWED = {"message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
                   "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
                   "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
                   "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_join_request",
                   "chat_boost", "removed_chat_boost"}
"""What Telegram sends when allowed_updates was never set: everything but chat_member and reactions."""

CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code",
             "pre", "blockquote", "tg-emoji", "tg-time"}
ENTITY_OF_TAG = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
                 "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
                 "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
                 "tg-emoji": "custom_emoji", "tg-time": "date_time"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
BUTTON_ACTIONS = {"url", "callback_data", "web_app", "login_url", "switch_inline_query",
                  "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
                  "callback_game", "pay"}
COMMAND_PATTERN = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")
MENTION_PATTERN = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z][A-Za-z0-9_]{3,31}")


class ApiError(Exception):
    """An error answer: HTTP status = error_code, as Telegram does."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


@dataclass
class Call:
    """One request the bot made, as the fake understood it."""

    method: str
    params: dict[str, Any]
    encoding: str
    started: float
    finished: float = 0.0
    ok: bool = False
    result: Any = None
    error: str = ""
    error_code: int = 0
    injected: bool = False

    @property
    def chat_id(self) -> Any:
        return _maybe_int(self.params.get("chat_id"))


@dataclass
class Fault:
    """An injected fault: delay `method` calls (for `chat_id`, if given), or answer them with an error."""

    method: str
    chat_id: int | None = None
    delay: float = 0.0
    error: ApiError | None = None
    times: int = 1


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- Telegram's HTML parse mode


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse `text` as Telegram's HTML parse mode; returns (plain text, entities) or raises ApiError."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, str], int]] = []  # tag, utf-16 start, attributes, byte offset
    position = 0
    length = 0  # utf-16 units written so far

    def fail(message: str) -> ApiError:
        return bad_request(f"can't parse entities: {message}")

    def offset(index: int) -> int:
        return len(text[:index].encode("utf-8"))

    while position < len(text):
        char = text[position]
        if char == "&":
            match = re.match(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));", text[position:])
            decoded = None
            if match and match.group(1):
                decoded = chr(int(match.group(1))) if int(match.group(1)) < 0x110000 else None
            elif match and match.group(2):
                decoded = chr(int(match.group(2), 16)) if int(match.group(2), 16) < 0x110000 else None
            elif match:
                decoded = NAMED_ENTITIES.get(match.group(3))
            if decoded is None:
                raise fail(f"Character '&' is reserved and must be escaped with &amp; at byte offset {offset(position)}")
            out.append(decoded)
            length += utf16_len(decoded)
            position += match.end()
            continue
        if char != "<":
            out.append(char)
            length += utf16_len(char)
            position += 1
            continue
        end = text.find(">", position)
        if end < 0:
            raise fail(f"Unclosed start tag at byte offset {offset(position)}")
        inside = text[position + 1:end]
        if inside.startswith("/"):
            name = inside[1:].strip().lower()
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {offset(position)}")
            tag, start, attributes, _ = stack.pop()
            if name and name != tag:
                raise fail(f"Unmatched end tag at byte offset {offset(position)}, expected \"</{tag}>\", found \"</{name}>\"")
            entity = _entity(tag, start, length - start, attributes)
            if entity:
                entities.append(entity)
        else:
            tag_match = re.match(r"([a-zA-Z][a-zA-Z0-9-]*)", inside)
            name = tag_match.group(1).lower() if tag_match else ""
            if name not in HTML_TAGS:
                raise fail(f"Unsupported start tag \"{name}\" at byte offset {offset(position)}")
            attributes = dict((key.lower(), value) for key, _, value in
                              re.findall(r"([a-zA-Z-]+)\s*=\s*(['\"])(.*?)\2", inside[len(name):]))
            if name == "span" and attributes.get("class") != "tg-spoiler":
                raise fail(f"Tag \"span\" must have class \"tg-spoiler\" at byte offset {offset(position)}")
            stack.append((name, length, attributes, offset(position)))
        position = end + 1
    if stack:
        raise fail(f"Can't find end tag corresponding to start tag \"{stack[-1][0]}\"")
    plain = "".join(out)
    return plain, sorted(entities, key=lambda entity: (entity["offset"], -entity["length"]))


def _entity(tag: str, start: int, size: int, attributes: dict[str, str]) -> dict[str, Any] | None:
    if size == 0:
        return None
    entity: dict[str, Any] = {"type": ENTITY_OF_TAG[tag], "offset": start, "length": size}
    if tag == "a":
        entity["url"] = attributes.get("href", "")
    if tag == "pre" and "language" in attributes:
        entity["language"] = attributes["language"]
    if tag == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    return entity


# ---------------------------------------------------------------- the server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default backlog of 5 resets connections when a bot opens many at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (e.g. a long poll cancelled at shutdown) is no error; anything else is printed."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class FakeBotAPI:
    """The fake server and the users who talk to the bot through it."""

    def __init__(self, token: str = TOKEN, username: str = "career_advisor_test_bot", host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.token = token
        self.bot_user = {"id": int(token.split(":")[0]), "is_bot": True, "first_name": "Career Advisor",
                         "username": username}
        self.username = username
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.listeners: list[Callable[[Call], None]] = []
        """Called with every finished call, outside the lock (the load benchmark times replies this way)."""
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] = {"url": ""}
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 700_000_001
        self._allowed = set(DEFAULT_ALLOWED)
        self._poll_generation = 0
        self._chats: dict[int, dict[str, Any]] = {}
        self._message_ids: dict[int, itertools.count] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._callbacks: dict[str, dict[str, Any]] = {}
        self._inline_queries: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._stopping = False
        self._server = _Server((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fakebotapi", daemon=True)

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeBotAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ users, chats and what they do

    @staticmethod
    def user(user_id: int, first_name: str, username: str | None = None, language_code: str = "en") -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}
        if username:
            user["username"] = username
        return user

    @staticmethod
    def private_chat(user: dict[str, Any]) -> dict[str, Any]:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        return chat

    @staticmethod
    def group_chat(chat_id: int, title: str, supergroup: bool = True) -> dict[str, Any]:
        return {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}

    def send_text(self, chat: dict[str, Any], user: dict[str, Any], text: str, *,
                  reply_to: dict[str, Any] | None = None, queue: bool = True) -> dict[str, Any]:
        """A user sends `text`; bot commands and @mentions get their entities, as Telegram's clients make them.

        With `queue=False` the message is made (and its chat known) but not queued for getUpdates:
        for delivering it to a webhook instead.
        """
        extra: dict[str, Any] = {"text": text}
        entities = self._detect_entities(text)
        if entities:
            extra["entities"] = entities
        return self._user_message(chat, user, extra, reply_to=reply_to, queue=queue)

    def send_sticker(self, chat: dict[str, Any], user: dict[str, Any], **kw: Any) -> dict[str, Any]:
        sticker = {"file_id": self._file_id("sticker"), "file_unique_id": self._file_id("u"), "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": "\U0001F44D",
                   "set_name": "FakeStickers"}
        return self._user_message(chat, user, {"sticker": sticker}, **kw)

    def send_photo(self, chat: dict[str, Any], user: dict[str, Any], caption: str | None = None, **kw: Any) -> dict[str, Any]:
        sizes = [{"file_id": self._file_id("photo"), "file_unique_id": self._file_id("u"), "width": w, "height": h,
                  "file_size": w * h // 10} for w, h in ((90, 60), (320, 213), (1280, 853))]
        extra: dict[str, Any] = {"photo": sizes}
        if caption:
            extra["caption"] = caption
            entities = self._detect_entities(caption)
            if entities:
                extra["caption_entities"] = entities
        return self._user_message(chat, user, extra, **kw)

    def send_location(self, chat: dict[str, Any], user: dict[str, Any], **kw: Any) -> dict[str, Any]:
        return self._user_message(chat, user, {"location": {"latitude": 52.520008, "longitude": 13.404954}}, **kw)

    def send_voice(self, chat: dict[str, Any], user: dict[str, Any], **kw: Any) -> dict[str, Any]:
        voice = {"file_id": self._file_id("voice"), "file_unique_id": self._file_id("u"), "duration": 3,
                 "mime_type": "audio/ogg", "file_size": 12_345}
        return self._user_message(chat, user, {"voice": voice}, **kw)

    def send_document(self, chat: dict[str, Any], user: dict[str, Any], **kw: Any) -> dict[str, Any]:
        document = {"file_id": self._file_id("doc"), "file_unique_id": self._file_id("u"), "file_name": "cv.pdf",
                    "mime_type": "application/pdf", "file_size": 54_321}
        return self._user_message(chat, user, {"document": document}, **kw)

    def edit_text(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The user edits an earlier text message: an `edited_message` update."""
        with self._lock:
            edited = dict(message, text=text, edit_date=self._now())
            edited.pop("entities", None)
            entities = self._detect_entities(text)
            if entities:
                edited["entities"] = entities
            self._messages[(message["chat"]["id"], message["message_id"])] = edited
            self._queue("edited_message", edited)
        return edited

    def press_button(self, user: dict[str, Any], message: dict[str, Any], data: str) -> str:
        """The user presses an inline button of the bot's `message`; returns the callback query id."""
        with self._lock:
            query_id = str(4_000_000_000_000_000 + next(self._ids))
            chat_id = message["chat"]["id"]
            query = {"id": query_id, "from": user, "message": self._messages.get((chat_id, message["message_id"]), message),
                     "chat_instance": str(-(abs(chat_id) * 7919 + 13)), "data": data}
            self._callbacks[query_id] = {"query": query, "answered": False, "at": time.monotonic()}
            self._queue("callback_query", query)
        return query_id

    def inline_query(self, user: dict[str, Any], query: str, chat_type: str = "sender") -> str:
        """The user types `@bot query` in some chat; returns the inline query id."""
        with self._lock:
            query_id = str(5_000_000_000_000_000 + next(self._ids))
            inline = {"id": query_id, "from": user, "query": query, "offset": "", "chat_type": chat_type}
            self._inline_queries[query_id] = {"query": inline, "answered": False}
            self._queue("inline_query", inline)
        return query_id

    def queue_update(self, kind: str, payload: dict[str, Any]) -> int:
        with self._lock:
            return self._queue(kind, payload)

    def _user_message(self, chat: dict[str, Any], user: dict[str, Any], extra: dict[str, Any], *,
                      reply_to: dict[str, Any] | None = None, queue: bool = True) -> dict[str, Any]:
        with self._lock:
            self._chats[chat["id"]] = chat
            message = {"message_id": self._new_message_id(chat["id"]), "from": user, "chat": chat, "date": self._now(), **extra}
            if reply_to is not None:
                message["reply_to_message"] = _without_reply(reply_to)
            self._messages[(chat["id"], message["message_id"])] = message
            if queue:
                self._queue("message", message)
        return message

    def _detect_entities(self, text: str) -> list[dict[str, Any]]:
        entities = []
        command = COMMAND_PATTERN.match(text)
        if command:
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
        for mention in MENTION_PATTERN.finditer(text):
            entities.append({"type": "mention", "offset": utf16_len(text[:mention.start()]), "length": utf16_len(mention.group())})
        return entities

    def _queue(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": update_id, kind: payload})
        self._lock.notify_all()
        return update_id

    def _new_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _file_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):08d}-AgADBAADfake"

    @staticmethod
    def _now() -> int:
        return int(time.time())

    # ------------------------------------------------------------ what the bot did

    def inject(self, method: str, *, chat_id: int | None = None, delay: float = 0.0, error: ApiError | None = None,
               times: int = 1) -> None:
        """Delay, or fail with `error`, the next `times` calls of `method` (to `chat_id`, if given)."""
        with self._lock:
            self.faults.append(Fault(method, chat_id, delay, error, times))

    def unexpected_failures(self) -> list[Call]:
        """Calls Telegram would have rejected, other than injected faults and long polls cut short by a newer one."""
        with self._lock:
            return [call for call in self.calls if call.finished and not call.ok and not call.injected
                    and not (call.method == "getUpdates" and call.error_code == 409)]

    def calls_to(self, method: str, chat_id: int | None = None, ok: bool | None = True) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method and call.finished
                    and (chat_id is None or call.chat_id == chat_id) and (ok is None or call.ok == ok)]

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """The messages the bot has sent to `chat_id` (the Message objects it got back), oldest first."""
        return [call.result for call in self.calls_to("sendMessage", chat_id)]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `predicate()` is truthy (re-checked whenever the bot calls); AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout} s waiting for the bot")
                self._lock.wait(min(remaining, 0.5))

    def wait_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least `count` messages to `chat_id`; returns them all."""
        return self.wait_for(lambda: (lambda sent: sent if len(sent) >= count else None)(self.messages_to(chat_id)), timeout)

    def wait_polling(self, timeout: float = 15.0) -> None:
        """Wait until the bot is long polling (it has initialised and is ready for updates)."""
        self.wait_for(lambda: any(call.method == "getUpdates" for call in self.calls), timeout)

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    def callback_answered(self, query_id: str) -> dict[str, Any] | None:
        with self._lock:
            record = self._callbacks.get(query_id)
            return record if record and record["answered"] else None

    def inline_answer(self, query_id: str) -> dict[str, Any] | None:
        with self._lock:
            record = self._inline_queries.get(query_id)
            return record if record and record["answered"] else None

    # ------------------------------------------------------------ HTTP

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else headers and body, written apart, wait out a 40 ms delayed ACK

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._serve(b"")

            def do_POST(self) -> None:  # noqa: N802
                size = int(self.headers.get("Content-Length") or 0)
                self._serve(self.rfile.read(size) if size else b"")

            def _serve(self, body: bytes) -> None:
                status, payload = api._dispatch(self.path, self.headers.get("Content-Type", ""), body)
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot gave up waiting (e.g. a long poll cancelled at shutdown)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def _dispatch(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(path)
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", parts.path)
        if not match:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, name = match.groups()
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = METHODS.get(name.lower())
        try:
            params, encoding = _read_params(parts.query, content_type, body)
        except ValueError:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse request body"}
        call = Call(name if method is None else method[0], params, encoding, time.monotonic())
        with self._lock:
            self.calls.append(call)
        try:
            if method is None:
                raise ApiError(404, "Not Found")
            self._apply_faults(call)
            result = method[1](self, _Params(params))
        except ApiError as error:
            with self._lock:
                call.ok, call.error, call.error_code, call.finished = False, error.description, error.code, time.monotonic()
                self._lock.notify_all()
            self._notify(call)
            payload: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
            return error.code, payload
        with self._lock:
            call.ok, call.result, call.finished = True, result, time.monotonic()
            self._lock.notify_all()
        self._notify(call)
        return 200, {"ok": True, "result": result}

    def _notify(self, call: Call) -> None:
        for listener in self.listeners:
            listener(call)

    def _apply_faults(self, call: Call) -> None:
        """Apply the first matching injected fault; an injected error marks the call `injected`."""
        with self._lock:
            fault = next((f for f in self.faults if f.method == call.method and f.times > 0
                          and (f.chat_id is None or f.chat_id == _maybe_int(call.params.get("chat_id")))), None)
            if fault is None:
                return
            fault.times -= 1
        if fault.delay:
            time.sleep(fault.delay)
        if fault.error is not None:
            call.injected = True
            raise fault.error

    # ------------------------------------------------------------ methods

    def get_me(self, p: _Params) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True, "can_connect_to_business": False, "has_main_web_app": False}

    def get_updates(self, p: _Params) -> list[dict[str, Any]]:
        offset = p.int("offset", default=0)
        limit = p.int("limit", default=100)
        timeout = p.int("timeout", default=0)
        allowed = p.json("allowed_updates", list, default=None)
        if not 1 <= limit <= 100:
            limit = 100
        deadline = time.monotonic() + max(timeout, 0)
        with self._lock:
            if self.webhook["url"]:
                raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
            if allowed is not None:
                self._allowed = set(allowed) if allowed else set(DEFAULT_ALLOWED)
            self._poll_generation += 1
            mine = self._poll_generation
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            while True:
                if mine != self._poll_generation:
                    raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
                self._updates = [u for u in self._updates if _kind(u) in self._allowed]
                if self._updates or self._stopping:
                    return self._updates[:limit]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._lock.wait(remaining)

    def send_message(self, p: _Params) -> dict[str, Any]:
        chat = self._chat(p)
        text, entities = self._text(p, "text", "parse_mode", p.json("entities", list, default=None))
        markup = self._reply_markup(p)
        with self._lock:
            reply_to = self._reply_target(p, chat["id"])
            message: dict[str, Any] = {"message_id": self._new_message_id(chat["id"]), "from": self.bot_user,
                                       "chat": chat, "date": self._now(), "text": text}
            if entities:
                message["entities"] = entities
            if markup:
                message["reply_markup"] = markup
            if reply_to:
                message["reply_to_message"] = _without_reply(reply_to)
            thread = p.int("message_thread_id", default=None)
            if thread is not None:
                message["message_thread_id"] = thread
            self._messages[(chat["id"], message["message_id"])] = message
        return message

    def edit_message_text(self, p: _Params) -> dict[str, Any] | bool:
        if p.get("inline_message_id"):
            raise bad_request("message to edit not found")
        chat = self._chat(p)
        message_id = p.int("message_id", required=True)
        text, entities = self._text(p, "text", "parse_mode", p.json("entities", list, default=None))
        markup = self._reply_markup(p)
        with self._lock:
            old = self._messages.get((chat["id"], message_id))
            if old is None:
                raise bad_request("message to edit not found")
            if old.get("from", {}).get("id") != self.bot_user["id"] or "text" not in old:
                raise bad_request("message can't be edited")
            if old["text"] == text and old.get("entities") == (entities or None) and old.get("reply_markup") == markup:
                raise bad_request("message is not modified: specified new message content and reply markup are "
                                  "exactly the same as a current content and reply markup of the message")
            new = {key: value for key, value in old.items() if key not in ("entities", "reply_markup")}
            new.update(text=text, edit_date=self._now())
            if entities:
                new["entities"] = entities
            if markup:
                new["reply_markup"] = markup
            self._messages[(chat["id"], message_id)] = new
        return new

    def answer_callback_query(self, p: _Params) -> bool:
        query_id = p.str("callback_query_id", required=True)
        text = p.str("text", default="")
        if utf16_len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        with self._lock:
            record = self._callbacks.get(query_id)
            if record is None or record["answered"]:
                raise bad_request("query is too old and response timeout expired or query ID is invalid")
            record.update(answered=True, text=text, show_alert=p.bool("show_alert"), url=p.get("url"))
        return True

    def answer_inline_query(self, p: _Params) -> bool:
        query_id = p.str("inline_query_id", required=True)
        results = p.json("results", list, required=True)
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        seen = set()
        for result in results:
            if not isinstance(result, dict) or result.get("type") not in ("article", "photo", "gif", "mpeg4_gif", "video",
                                                                          "audio", "voice", "document", "location",
                                                                          "venue", "contact", "game", "sticker"):
                raise bad_request("RESULT_TYPE_INVALID")
            result_id = result.get("id")
            if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result["type"] == "article":
                if not result.get("title"):
                    raise bad_request("RESULT_TITLE_EMPTY")
                content = result.get("input_message_content")
                if not isinstance(content, dict) or "message_text" not in content:
                    raise bad_request("can't parse input message content")
                _parse_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
            if "reply_markup" in result:
                _check_markup(result["reply_markup"])
        with self._lock:
            record = self._inline_queries.get(query_id)
            if record is None or record["answered"]:
                raise bad_request("query is too old and response timeout expired or query ID is invalid")
            record.update(answered=True, results=results, cache_time=p.int("cache_time", default=300),
                          is_personal=p.bool("is_personal"))
        return True

    def set_my_commands(self, p: _Params) -> bool:
        commands = p.json("commands", list, required=True)
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        scope = json.dumps(p.json("scope", dict, default={"type": "default"}), sort_keys=True) + p.str("language_code", default="")
        with self._lock:
            self.commands[scope] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def get_my_commands(self, p: _Params) -> list[dict[str, str]]:
        scope = json.dumps(p.json("scope", dict, default={"type": "default"}), sort_keys=True) + p.str("language_code", default="")
        with self._lock:
            return list(self.commands.get(scope, []))

    def send_chat_action(self, p: _Params) -> bool:
        self._chat(p)
        if p.str("action", required=True) not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def delete_webhook(self, p: _Params) -> bool:
        with self._lock:
            self.webhook = {"url": ""}
            if p.bool("drop_pending_updates"):
                self._updates.clear()
        return True

    def set_webhook(self, p: _Params) -> bool:
        url = p.str("url", default="")
        secret = p.get("secret_token")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        with self._lock:
            self.webhook = {"url": url, "secret_token": secret, "allowed_updates": p.json("allowed_updates", list, default=None),
                            "max_connections": p.int("max_connections", default=40)}
            if p.bool("drop_pending_updates"):
                self._updates.clear()
        return True

    def get_webhook_info(self, p: _Params) -> dict[str, Any]:
        with self._lock:
            return {"url": self.webhook["url"], "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def close(self, p: _Params) -> bool:
        return True

    def log_out(self, p: _Params) -> bool:
        return True

    # ------------------------------------------------------------ validation shared by methods

    def _chat(self, p: _Params) -> dict[str, Any]:
        raw = p.get("chat_id")
        if raw in (None, ""):
            raise bad_request("chat_id is empty")
        chat_id = _maybe_int(raw)
        with self._lock:
            chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _text(self, p: _Params, name: str, mode_name: str, entities: list[Any] | None) -> tuple[str, list[dict[str, Any]]]:
        raw = p.get(name)
        if raw is None:
            raise bad_request("message text is empty")
        return _parse_text(str(raw), p.get(mode_name), entities)

    def _reply_markup(self, p: _Params) -> dict[str, Any] | None:
        markup = p.json("reply_markup", dict, default=None)
        if markup is not None:
            _check_markup(markup)
        return markup

    def _reply_target(self, p: _Params, chat_id: int) -> dict[str, Any] | None:
        parameters = p.json("reply_parameters", dict, default=None)
        if parameters is None and p.get("reply_to_message_id") is not None:
            parameters = {"message_id": p.int("reply_to_message_id"), "allow_sending_without_reply": p.bool("allow_sending_without_reply")}
        if parameters is None:
            return None
        target = self._messages.get((int(parameters.get("chat_id", chat_id)), int(parameters.get("message_id", 0))))
        if target is None and not parameters.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target


def _parse_text(raw: str, mode: Any, entities: list[Any] | None) -> tuple[str, list[dict[str, Any]]]:
    if mode in (None, ""):
        text, found = raw, list(entities or [])
    elif str(mode).lower() == "html":
        text, found = parse_html(raw)
    elif str(mode).lower() in ("markdown", "markdownv2"):
        text, found = raw, []  # not validated by this fake; the bot under test uses HTML
    else:
        raise bad_request("unsupported parse_mode")
    if not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, found


def _check_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return  # reply keyboards, ForceReply and ReplyKeyboardRemove are not checked here
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Field \"text\" must be of type String")
            if not button["text"].strip():
                raise bad_request("BUTTON_TEXT_INVALID")
            actions = [key for key in BUTTON_ACTIONS if key in button]
            if len(actions) != 1:
                raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(https?|tg)://", str(button["url"])):
                raise bad_request("BUTTON_URL_INVALID")


def _without_reply(message: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def _kind(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


def _maybe_int(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class _Params:
    """Parameters as sent (strings from forms, typed values from JSON), read with the Bot API's types."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def get(self, name: str) -> Any:
        return self.raw.get(name)

    def str(self, name: str, *, required: bool = False, default: str | None = None) -> Any:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise bad_request(f"parameter \"{name}\" is required")
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def int(self, name: str, *, required: bool = False, default: Any = None) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"parameter \"{name}\" is required")
            return default
        try:
            return int(value) if not isinstance(value, str) or value.lstrip("-").isdigit() else int(float(value))
        except (TypeError, ValueError):
            raise bad_request(f"field \"{name}\" must be of type Integer") from None

    def bool(self, name: str) -> bool:
        value = self.raw.get(name)
        return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))

    def json(self, name: str, kind: type, *, required: bool = False, default: Any = None) -> Any:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise bad_request(f"parameter \"{name}\" is required")
            return default
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        if not isinstance(value, kind):
            raise bad_request(f"field \"{name}\" must be of type {'Array' if kind is list else 'Object'}")
        return value


def _read_params(query: str, content_type: str, body: bytes) -> tuple[dict[str, Any], str]:
    """Bot API parameters from the query string and a form, multipart or JSON body."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return params, "query"
    if kind == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        params.update(data)
        return params, "json"
    if kind == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                payload = part.get_payload(decode=True) or b""
                params[name] = payload.decode("utf-8", errors="replace") if part.get_filename() is None else payload
        return params, "multipart"
    params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
    return params, "form"


METHODS: dict[str, tuple[str, Callable[[FakeBotAPI, _Params], Any]]] = {
    name.lower(): (name, function) for name, function in {
        "getMe": FakeBotAPI.get_me,
        "getUpdates": FakeBotAPI.get_updates,
        "sendMessage": FakeBotAPI.send_message,
        "editMessageText": FakeBotAPI.edit_message_text,
        "answerCallbackQuery": FakeBotAPI.answer_callback_query,
        "answerInlineQuery": FakeBotAPI.answer_inline_query,
        "setMyCommands": FakeBotAPI.set_my_commands,
        "getMyCommands": FakeBotAPI.get_my_commands,
        "sendChatAction": FakeBotAPI.send_chat_action,
        "deleteWebhook": FakeBotAPI.delete_webhook,
        "setWebhook": FakeBotAPI.set_webhook,
        "getWebhookInfo": FakeBotAPI.get_webhook_info,
        "close": FakeBotAPI.close,
        "logOut": FakeBotAPI.log_out,
    }.items()
}
