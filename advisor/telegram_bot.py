"""The Telegram adapter: python-telegram-bot handlers over the pure core.

Every answer comes from `Advisor.reply` or `Advisor.topic_reply`; this module only turns
updates into those calls and `Reply` objects into messages. It is the only module that imports
`telegram`. The handlers follow python-telegram-bot's own examples: one small async function per job.

Policies worth knowing:
- Conversation context (a `Session`) is kept per chat in `chat_data`, saved with PicklePersistence.
- In groups the bot answers commands, messages that @mention it and replies to its own messages.
- An edited message is answered again, as a new question, quoting the edited message.
- Answers are plain text from the core, HTML-escaped and sent with parse_mode HTML, split on line
  boundaries so that no message exceeds Telegram's 4096 characters.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import logging
import os
import pickle
import re
import secrets
import signal
import sys
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    filters,
)

from advisor.cli import UsageError
from advisor.core import Advisor, Reply
from advisor.dialogue import Session

log = logging.getLogger("advisor.telegram")

TOPIC_COMMANDS = {
    "about": "overview",
    "salary": "salary",
    "duties": "responsibilities",
    "skills": "skills",
    "education": "education",
    "proscons": "pros_cons",
    "path": "getting_started",
    "outlook": "outlook",
}
"""Command name -> the core's topic intent, in the order the command menu lists them."""

UPDATE_TYPES = ["message", "edited_message", "callback_query", "inline_query"]
"""The update kinds the bot asks for; channel posts and membership changes are never fetched."""

ADVISOR = "advisor"
SESSION = "session"
TOPIC_DATA = "t:"
QUESTION_DATA = "q:"
MAX_CALLBACK_BYTES = 64
MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
TOKEN_PATTERN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{30,100}")
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
ONLY_TEXT = "I can only read text questions. Please type your question, or send /help for examples."
STALE_BUTTON = "Sorry, that button no longer works. Please type your question instead."
SOMETHING_WENT_WRONG = "Sorry, something went wrong while answering that. Please try again."


# ---------------------------------------------------------------- rendering (no Telegram calls)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Escape plain `text` for HTML and split it into messages of at most `limit` characters.

    Splits fall on line boundaries, else on spaces, else between characters; pieces are escaped
    separately, so a cut never lands inside an HTML entity.
    """
    pieces: list[str] = []
    current = ""
    for line in _short_lines(text, limit):
        candidate = current + line
        if current and utf16_len(html.escape(candidate.rstrip(), quote=False)) > limit:
            pieces.append(current)
            candidate = line
        current = candidate
    pieces.append(current)
    chunks = [html.escape(piece.strip(), quote=False) for piece in pieces]
    return [chunk for chunk in chunks if chunk] or ["\u2026"]


def _short_lines(text: str, limit: int) -> list[str]:
    """The lines of `text` (with their newlines), long ones cut so that each escapes to `limit` or less."""
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        while utf16_len(html.escape(line, quote=False)) > limit:
            cut = _cut_point(line, limit)
            lines.append(line[:cut] + "\n")
            line = line[cut:].lstrip(" ")
        lines.append(line)
    return lines


def _cut_point(line: str, limit: int) -> int:
    size, fits = 0, 0
    for index, char in enumerate(line):
        size += utf16_len(html.escape(char, quote=False))
        if size > limit:
            break
        fits = index + 1
    space = line.rfind(" ", 0, fits)
    return space if space > fits // 2 else max(fits, 1)


def fit(markup: str) -> list[str]:
    """Our own HTML (welcome, help) as one message; should it ever outgrow the limit, as plain text split safely."""
    if utf16_len(markup) <= MAX_TEXT:
        return [markup]
    return split_message(html.unescape(re.sub(r"<[^>]+>", "", markup)))


def callback_data_for(question: str) -> str:
    """Button data that asks `question`: "q:" and the question, cut at a character boundary to 64 bytes."""
    room = MAX_CALLBACK_BYTES - len(QUESTION_DATA.encode())
    return QUESTION_DATA + question.encode("utf-8")[:room].decode("utf-8", errors="ignore")


def suggestion_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One button per follow-up question the core suggests."""
    rows = [[InlineKeyboardButton(question, callback_data=callback_data_for(question))] for question in reply.suggestions]
    return InlineKeyboardMarkup(rows) if rows else None


def topic_keyboard(advisor: Advisor) -> InlineKeyboardMarkup:
    """The topics, two buttons to a row, for /start."""
    buttons = [InlineKeyboardButton(title, callback_data=TOPIC_DATA + intent) for intent, title, _ in advisor.topics()]
    return InlineKeyboardMarkup([buttons[index:index + 2] for index in range(0, len(buttons), 2)])


def welcome_text(advisor: Advisor, first_name: str | None) -> str:
    hello = f"Hi {html.escape(first_name, quote=False)}!" if first_name else "Hi!"
    careers = html.escape(", ".join(advisor.careers), quote=False)
    return (f"{hello} I answer questions about the <b>{careers}</b> career: pay, education, skills, "
            f"day-to-day duties, pros and cons, how to get started and the job outlook.\n\n"
            f"Pick a topic below or just type a question. /help shows examples.")


def help_text(advisor: Advisor, username: str) -> str:
    careers = html.escape(", ".join(advisor.careers), quote=False)
    commands = {intent: command for command, intent in TOPIC_COMMANDS.items()}
    examples = "\n".join(f"\u2022 {html.escape(question, quote=False)}" for _, _, question in advisor.topics())
    menu = "\n".join(f"/{commands[intent]} \u2013 {html.escape(title, quote=False)}" for intent, title, _ in advisor.topics())
    bot = f"@{username}" if username else "me"
    return (f"I answer questions about the <b>{careers}</b> career. Ask in your own words: typos are fine, "
            f"and a short follow-up such as \u201cand weekly?\u201d continues the last topic.\n\n"
            f"<b>Try asking</b>\n{examples}\n\n<b>Commands</b>\n{menu}\n/help \u2013 this message\n\n"
            f"In a group, mention {bot} or reply to one of my messages. In any chat, type "
            f"\u201c{bot} salary\u201d or \u201c{bot} per hour\u201d to share a pay answer.")


def bot_commands(advisor: Advisor) -> list[BotCommand]:
    titles = {intent: title for intent, title, _ in advisor.topics()}
    commands = [BotCommand(command, titles[intent]) for command, intent in TOPIC_COMMANDS.items()]
    return commands + [BotCommand("help", "What you can ask, with examples"), BotCommand("start", "Welcome and topics")]


# ---------------------------------------------------------------- per-chat state


def load_session(chat_data: dict[str, Any] | None) -> Session:
    saved = (chat_data or {}).get(SESSION)
    return Session.from_dict(saved) if isinstance(saved, dict) else Session()


def save_session(chat_data: dict[str, Any] | None, session: Session) -> None:
    if chat_data is not None:
        chat_data[SESSION] = session.to_dict()


def _advisor(context: ContextTypes.DEFAULT_TYPE) -> Advisor:
    return context.application.bot_data[ADVISOR]


# ---------------------------------------------------------------- sending


async def send_reply(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, *, header: str = "",
                     quote: Message | None = None, thread_of: Message | None = None) -> None:
    """Send an answer in as many messages as it needs; the last one carries the follow-up buttons."""
    chunks = split_message(f"{header}\n\n{reply.text}" if header else reply.text)
    if header:  # the header is echoed user-visible text: bold it, escaped like the rest
        first_line, _, rest = chunks[0].partition("\n")
        chunks[0] = f"<b>{first_line}</b>\n{rest}" if rest else f"<b>{first_line}</b>"
    await send_chunks(context, chat_id, chunks, suggestion_keyboard(reply), quote, thread_of)


async def send_chunks(context: ContextTypes.DEFAULT_TYPE, chat_id: int, chunks: list[str], markup: InlineKeyboardMarkup | None,
                      quote: Message | None = None, thread_of: Message | None = None) -> None:
    """Send `chunks` (HTML), quoting `quote` with the first, in the forum topic of `quote` or `thread_of`."""
    origin = quote or thread_of
    thread = origin.message_thread_id if isinstance(origin, Message) and origin.is_topic_message else None
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        replying = ReplyParameters(quote.message_id, allow_sending_without_reply=True) if quote is not None and index == 0 else None
        await context.bot.send_message(chat_id, chunk, reply_markup=markup if last else None,
                                       reply_parameters=replying, message_thread_id=thread)


def _quote(message: Message, edited: bool) -> Message | None:
    """Quote the question in groups (so it is clear whom the bot answers) and for edited messages."""
    return message if edited or message.chat.type != ChatType.PRIVATE else None


# ---------------------------------------------------------------- filters


class _AddressedToMe(filters.MessageFilter):
    """Private messages, and group messages that @mention the bot or reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        return _mentions(message, bot.username)


def _mentions(message: Message, username: str | None) -> bool:
    if not username:
        return False
    wanted = f"@{username}".lower()
    found = message.parse_entities([MessageEntity.MENTION]) if message.text else message.parse_caption_entities([MessageEntity.MENTION])
    return any(text.lower() == wanted for text in found.values())


ADDRESSED_TO_ME = _AddressedToMe(name="addressed_to_me")


def question_text(message: Message, username: str | None) -> str:
    """The message text without the bot's @mention."""
    text = message.text or ""
    if username:
        text = re.sub(rf"@{re.escape(username)}(?![A-Za-z0-9_])", " ", text, flags=re.IGNORECASE)
    return text.strip()


# ---------------------------------------------------------------- handlers


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    advisor = _advisor(context)
    text = welcome_text(advisor, user.first_name if user else None)
    await send_chunks(context, message.chat_id, fit(text), topic_keyboard(advisor), _quote(message, False))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    await send_chunks(context, message.chat_id, fit(help_text(_advisor(context), context.bot.username)), None, _quote(message, False))


async def on_topic_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    command = message.text.split()[0][1:].split("@")[0].lower()
    session = load_session(context.chat_data)
    reply = _advisor(context).topic_reply(TOPIC_COMMANDS[command], session)
    save_session(context.chat_data, session)
    await send_reply(context, message.chat_id, reply, quote=_quote(message, bool(update.edited_message)))


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, only commands addressed to this bot (/cmd@bot) get the hint; others are for other bots."""
    message = update.effective_message
    command = message.text.split()[0]
    if message.chat.type != ChatType.PRIVATE and not command.lower().endswith(f"@{context.bot.username}".lower()):
        return
    await message.reply_text(f"Sorry, I don't know {html.escape(command.split('@')[0], quote=False)}. Send /help to see what I can do.")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    session = load_session(context.chat_data)
    reply = _advisor(context).reply(question_text(message, context.bot.username), session)
    save_session(context.chat_data, session)
    await send_reply(context, message.chat_id, reply, quote=_quote(message, bool(update.edited_message)))


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    await message.reply_text(ONLY_TEXT)


async def on_topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    intent = query.data.removeprefix(TOPIC_DATA)
    advisor = _advisor(context)
    titles = {topic: title for topic, title, _ in advisor.topics()}
    if intent not in titles or update.effective_chat is None:
        await on_stale_button(update, context)
        return
    await answer_query(update)
    session = load_session(context.chat_data)
    reply = advisor.topic_reply(intent, session)
    save_session(context.chat_data, session)
    await send_reply(context, update.effective_chat.id, reply, header=titles[intent], thread_of=query.message)


async def on_question_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    question = query.data.removeprefix(QUESTION_DATA).strip()
    if not question or update.effective_chat is None:
        await on_stale_button(update, context)
        return
    await answer_query(update)
    session = load_session(context.chat_data)
    reply = _advisor(context).reply(question, session)
    save_session(context.chat_data, session)
    await send_reply(context, update.effective_chat.id, reply, header=question, thread_of=query.message)


async def on_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons from an older version, forged data, or inline messages: answered, so the spinner stops."""
    await answer_query(update, STALE_BUTTON)


async def answer_query(update: Update, text: str | None = None) -> None:
    """Stop the button's spinner. A press that waited too long (say, while the bot was down) can no longer
    be answered: Telegram says the query is too old. That is logged, and the question is still answered."""
    try:
        await update.callback_query.answer(text)
    except BadRequest as error:
        log.warning("could not answer a callback query: %s", describe_error(error))


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot salary` in any chat: the answer as one article; an empty query offers the salary overview."""
    query = update.inline_query
    advisor = _advisor(context)
    text = query.query.strip()
    reply = advisor.reply(text, Session()) if text else advisor.topic_reply("salary", Session())
    titles = {topic: title for topic, title, _ in advisor.topics()}
    title = f"{titles.get(reply.intent, 'Career Advisor')}: {', '.join(advisor.careers)}"
    result = InlineQueryResultArticle(
        id=hashlib.sha256(f"{reply.intent}\n{reply.text}".encode()).hexdigest()[:32],
        title=title[:256],
        description=reply.text[:200],
        input_message_content=InputTextMessageContent(split_message(reply.text)[0]),
    )
    await query.answer([result], cache_time=300)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with the update's kind (never its text), and tell the user if it makes sense."""
    error = context.error
    kind = update_kind(update)
    if update is None:  # polling itself failed: python-telegram-bot keeps retrying
        level = logging.WARNING if isinstance(error, NetworkError) else logging.ERROR
        log.log(level, "problem while fetching updates: %s", describe_error(error))
        return
    log.error("failed handling a %s update: %s", kind, describe_error(error))
    log.debug("traceback:\n%s", "".join(traceback.format_tb(error.__traceback__)) if error else "")
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(error, TelegramError) and not isinstance(error, BadRequest):
        return  # network trouble, flood limits or a blocked bot: an apology would fail or duplicate
    try:
        await context.bot.send_message(update.effective_chat.id, SOMETHING_WENT_WRONG, parse_mode=None)
    except TelegramError as second:
        log.error("could not tell the user about it either: %s", describe_error(second))


def update_kind(update: object) -> str:
    if isinstance(update, Update):
        return next((kind for kind in Update.ALL_TYPES if getattr(update, kind, None) is not None), "unknown")
    return "no" if update is None else type(update).__name__


def describe_error(error: BaseException | None) -> str:
    """Class, Telegram's own description where there is one, and where it was raised; no user text."""
    if error is None:
        return "unknown error"
    text = type(error).__name__
    if isinstance(error, TelegramError):
        text += f" ({error.message})"
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).parent == Path(__file__).parent]
    if frames:
        frame = (ours or frames)[-1]  # the innermost line of our own code, where there is one
        text += f" at {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
    return text


# ---------------------------------------------------------------- the application


async def post_init(application: Application) -> None:
    """After getMe: register the command menu (a failure is logged, never fatal) and say who we are."""
    try:
        await application.bot.set_my_commands(bot_commands(application.bot_data[ADVISOR]))
    except TelegramError as error:
        log.warning("could not register the command list: %s", describe_error(error))
    log.info("Career Advisor is running as @%s", application.bot.username)


def build_application(advisor: Advisor, token: str, *, api_url: str | None = None, state: Path | None = None,
                      rate_limiter: AIORateLimiter | None = None) -> Application:
    """The configured Application: handlers, persistence, rate limiter and concurrency."""
    builder = (
        Application.builder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .concurrent_updates(True)
        .post_init(post_init)
    )
    if api_url:
        base = api_url.rstrip("/").removesuffix("/bot")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if state is not None:
        store = PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False)
        builder = builder.persistence(PicklePersistence(filepath=state, store_data=store, update_interval=30))
    application = builder.build()
    application.bot_data[ADVISOR] = advisor
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    messages = filters.UpdateType.MESSAGES  # new and edited messages; never channel posts
    application.add_handler(CommandHandler("start", on_start, filters=messages))
    application.add_handler(CommandHandler("help", on_help, filters=messages))
    application.add_handler(CommandHandler(list(TOPIC_COMMANDS), on_topic_command, filters=messages))
    application.add_handler(MessageHandler(messages & filters.COMMAND, on_unknown_command))
    application.add_handler(MessageHandler(messages & filters.TEXT & ADDRESSED_TO_ME, on_text))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL & ADDRESSED_TO_ME, on_not_text))
    application.add_handler(CallbackQueryHandler(on_topic_button, pattern=f"^{TOPIC_DATA}"))
    application.add_handler(CallbackQueryHandler(on_question_button, pattern=f"^{QUESTION_DATA}"))
    application.add_handler(CallbackQueryHandler(on_stale_button))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_error_handler(on_error)


# ---------------------------------------------------------------- command line


def read_token(token_file: Path | None, environ: dict[str, str]) -> str:
    """The bot token from --token-file or TELEGRAM_BOT_TOKEN; UsageError (never echoing it) if missing or malformed."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"--token-file {token_file}: cannot read it ({error.__class__.__name__})") from None
        where = f"--token-file {token_file}"
    else:
        token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        where = "TELEGRAM_BOT_TOKEN"
        if not token:
            raise UsageError("no bot token: set TELEGRAM_BOT_TOKEN (or pass --token-file FILE); @BotFather gives you one")
    if not TOKEN_PATTERN.fullmatch(token):
        raise UsageError(f"{where} does not look like a bot token (expected digits, a colon and 30+ letters, as @BotFather gives it)")
    return token


def check_api_url(api_url: str | None) -> str | None:
    if not api_url:
        return None
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--api-url {api_url}: expected an http:// or https:// URL of a Bot API server")
    return api_url


def webhook_secret(environ: dict[str, str]) -> str:
    """TELEGRAM_WEBHOOK_SECRET if set (1-256 of A-Z a-z 0-9 _ -), else a fresh random secret."""
    secret = environ.get("TELEGRAM_WEBHOOK_SECRET", "")
    if not secret:
        return secrets.token_urlsafe(32)
    if not SECRET_PATTERN.fullmatch(secret):
        raise UsageError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return secret


def check_webhook(url: str, port: int, api_url: str | None) -> str:
    """The local path the webhook server answers on (the URL's path)."""
    parts = urlsplit(url)
    allowed = ("https", "http") if api_url else ("https",)
    if parts.scheme not in allowed or not parts.netloc:
        raise UsageError(f"--webhook-url {url}: Telegram only delivers to https:// URLs")
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: expected a port number from 1 to 65535")
    return parts.path.lstrip("/")


def prepare_state(state: Path) -> Path | None:
    """The state file to use. A corrupt or unreadable one is moved aside to FILE.corrupt (one log line).

    Returns None (keep state in memory only) when even that is impossible.
    """
    if state.is_dir():
        raise UsageError(f"--state {state}: is a folder; give a file name")
    if not state.parent.is_dir():
        raise UsageError(f"--state {state}: folder {state.parent} does not exist")
    if not state.exists():
        return state
    try:
        with state.open("rb") as file:
            data = _StateUnpickler(file).load()
        if isinstance(data, dict) and isinstance(data.get("chat_data"), dict):
            return state
        problem = "it is not a state file"
    except Exception as error:  # noqa: BLE001 - anything unpickling can raise means the same here
        problem = f"{error.__class__.__name__}"
    aside = state.with_name(state.name + ".corrupt")
    try:
        state.replace(aside)
    except OSError as error:
        log.error("state file %s is unreadable (%s) and cannot be moved aside (%s): starting with fresh state, kept in memory only",
                  state, problem, error.__class__.__name__)
        return None
    log.error("state file %s is corrupt or unreadable (%s): moved it to %s and starting with fresh state", state, problem, aside)
    return state


class _StateUnpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> None:  # python-telegram-bot stores references to the bot this way
        return None


class _RedactingFormatter(logging.Formatter):
    """Belt and braces: the token never reaches the log, even inside an exception's text."""

    def __init__(self, fmt: str, hidden: list[str]) -> None:
        super().__init__(fmt)
        self.hidden = [secret for secret in hidden if secret]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.hidden:
            text = text.replace(secret, "<hidden>")
        return text


def _not_a_start_up_failure(record: logging.LogRecord) -> bool:
    """Drop python-telegram-bot's tracebacks for a failed start-up: `run_from_args` reports those in one line."""
    error = record.exc_info[1] if record.exc_info else None
    return not (isinstance(error, (InvalidToken, NetworkError)) and "Bootstrap" in record.getMessage())


def setup_logging(hidden: list[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", hidden))
    handler.addFilter(_not_a_start_up_failure)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore"):  # they log every request URL, and the URL contains the token
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_from_args(args: argparse.Namespace, advisor: Advisor, environ: dict[str, str] | None = None) -> int:
    """`advisor telegram`: long polling, or a webhook with --webhook-url. Returns the exit code."""
    environ = dict(os.environ if environ is None else environ)
    token = read_token(getattr(args, "token_file", None), environ)
    api_url = check_api_url(getattr(args, "api_url", None))
    webhook_url = getattr(args, "webhook_url", None)
    port = getattr(args, "port", 8443)
    url_path = check_webhook(webhook_url, port, api_url) if webhook_url else ""
    secret = webhook_secret(environ) if webhook_url else ""
    setup_logging([token, secret])
    state = prepare_state(Path(getattr(args, "state", "advisor-state.pickle")))
    application = build_application(advisor, token, api_url=api_url, state=state)
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    try:
        if webhook_url:
            log.info("starting with a webhook at %s (listening on %s:%d)", webhook_url, args.listen, port)
            application.run_webhook(listen=args.listen, port=port, url_path=url_path, webhook_url=webhook_url,
                                    secret_token=secret, allowed_updates=UPDATE_TYPES, stop_signals=stop_signals)
        else:
            log.info("starting with long polling%s", f" against {api_url}" if api_url else "")
            application.run_polling(allowed_updates=UPDATE_TYPES, stop_signals=stop_signals)
    except InvalidToken:
        raise UsageError("the Bot API rejected the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN") from None
    except NetworkError as error:
        message = str(error).replace(token, "<hidden>")
        print(f"advisor: cannot reach the Bot API{f' at {api_url}' if api_url else ''}: {message}", file=sys.stderr)
        return 1
    except TelegramError as error:
        print(f"advisor: the Bot API refused to start the bot: {str(error).replace(token, '<hidden>')}", file=sys.stderr)
        return 1
    except OSError as error:
        if not webhook_url:
            raise
        raise UsageError(f"cannot listen on {args.listen}:{port} for the webhook: {error.strerror or error}") from None
    log.info("stopped")
    return 0
