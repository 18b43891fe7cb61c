"""End-to-end tests of the Telegram adapter over real HTTP.

The real bot (`python bot.py telegram`, its real Application, HTTP client and rate limiter, long
polling) runs as a subprocess against tests/fakebotapi.py on 127.0.0.1; the tests play users through
the fake server and assert on what the bot sent. Nothing leaves the machine.

Most tests share one bot process (each with its own chats, so their contexts cannot mix); the
lifecycle tests (restart, signals, corrupt state, webhook, bad tokens) start their own.
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from advisor.core import Advisor
from advisor.dialogue import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fakebotapi import TOKEN, ApiError, FakeBotAPI, parse_html  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BOT_NAME = "career_advisor_test_bot"
COMMANDS = {"about": "overview", "salary": "salary", "duties": "responsibilities", "skills": "skills",
            "education": "education", "proscons": "pros_cons", "path": "getting_started", "outlook": "outlook"}
ONLY_TEXT = "I can only read text questions"
_user_ids = itertools.count(20_001)


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    return Advisor.load()


def expected(advisor: Advisor, *questions: str) -> str:
    """What the core answers to the last of `questions`, asked in order in one conversation."""
    session = Session()
    reply = None
    for question in questions:
        reply = advisor.reply(question, session)
    return reply.text


# ---------------------------------------------------------------- running the bot


class BotProcess:
    """`python bot.py telegram --api-url <fake>` as a subprocess, its output in a log file."""

    _numbers = itertools.count(1)

    def __init__(self, api: FakeBotAPI, folder: Path, *args: str, state: Path | None = None,
                 env: dict[str, str | None] | None = None, api_url: str | None = None) -> None:
        self.log_path = folder / f"bot-{next(self._numbers)}.log"
        self.state = state or folder / "state.pickle"
        environment = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
        environment.pop("TELEGRAM_API_URL", None)
        environment.pop("TELEGRAM_WEBHOOK_SECRET", None)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        api_args = ["--api-url", api.url if api_url is None else api_url] if api_url != "" else []
        command = [sys.executable, str(REPO / "bot.py"), "telegram", *api_args, "--state", str(self.state), *args]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=environment, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> tuple[int, float]:
        """Send `sig` and wait; returns (exit code, seconds it took)."""
        started = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - started

    def wait(self, timeout: float = 15.0) -> int:
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class Person:
    """A Telegram user in a chat (their private chat with the bot unless given a group)."""

    def __init__(self, api: FakeBotAPI, name: str = "Ann", chat: dict[str, Any] | None = None) -> None:
        self.api = api
        self.user = api.user(next(_user_ids), name)
        self.chat = chat or api.private_chat(self.user)
        self.sent: dict[str, Any] = {}

    @property
    def chat_id(self) -> int:
        return self.chat["id"]

    def received(self) -> list[dict[str, Any]]:
        return self.api.messages_to(self.chat_id)

    def say(self, text: str, timeout: float = 10.0, **kw: Any) -> dict[str, Any]:
        """Send `text` and return the bot's next message in this chat."""
        before = len(self.received())
        self.sent = self.api.send_text(self.chat, self.user, text, **kw)
        return self.api.wait_messages(self.chat_id, before + 1, timeout)[before]

    def next_reply(self, action, timeout: float = 10.0) -> dict[str, Any]:
        before = len(self.received())
        action()
        return self.api.wait_messages(self.chat_id, before + 1, timeout)[before]


def buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    return [button for row in message.get("reply_markup", {}).get("inline_keyboard", []) for button in row]


def quiet(api: FakeBotAPI, seconds: float = 0.4) -> None:
    """Give a wrongly sent extra message time to show up before counting."""
    time.sleep(seconds)


@pytest.fixture(scope="module")
def api() -> FakeBotAPI:
    with FakeBotAPI() as server:
        yield server


@pytest.fixture(scope="module")
def bot(api: FakeBotAPI, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    process = BotProcess(api, tmp_path_factory.mktemp("shared-bot"))
    try:
        api.wait_polling(timeout=20)
        yield process
    finally:
        process.kill()


@pytest.fixture
def telegram(api: FakeBotAPI, bot: BotProcess) -> FakeBotAPI:
    """The fake server with the shared bot running; fails the test if the bot sent anything Telegram rejects."""
    yield api
    rejected = api.unexpected_failures()
    assert not rejected, [(call.method, call.error) for call in rejected]


# ---------------------------------------------------------------- what users get


def test_start_sends_welcome_and_topic_keyboard(telegram: FakeBotAPI, advisor: Advisor) -> None:
    person = Person(telegram, name="Ann <& Co>")
    welcome = person.say("/start")
    assert welcome["text"].startswith("Hi Ann <& Co>! I answer questions about the Director of Clinical Operations career")
    assert {"type": "bold", "offset": welcome["text"].index("Director"), "length": len("Director of Clinical Operations")} in welcome["entities"]
    keyboard = buttons(welcome)
    assert [button["callback_data"] for button in keyboard] == [f"t:{intent}" for intent, _, _ in advisor.topics()]
    assert [button["text"] for button in keyboard][:2] == ["What the role is", "Salary and pay"]


def test_command_list_is_registered_at_start_up(telegram: FakeBotAPI) -> None:
    registered = telegram.calls_to("setMyCommands")
    assert len(registered) == 1
    commands = {command["command"]: command["description"] for command in json.loads(registered[0].params["commands"])}
    assert set(commands) == set(COMMANDS) | {"help", "start"}
    assert commands["salary"] == "Salary and pay" and commands["proscons"] == "Pros and cons"


def test_help_lists_examples_and_commands(telegram: FakeBotAPI, advisor: Advisor) -> None:
    text = Person(telegram).say("/help")["text"]
    for _, _, example in advisor.topics():
        assert example in text
    for command in COMMANDS:
        assert f"/{command} " in text
    assert f"@{BOT_NAME}" in text


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_topic_command_answers_its_topic(telegram: FakeBotAPI, advisor: Advisor, command: str) -> None:
    reply = Person(telegram).say(f"/{command}")
    core = advisor.topic_reply(COMMANDS[command], Session())
    assert reply["text"] == core.text
    assert [button["text"] for button in buttons(reply)] == list(core.suggestions)
    assert [button["callback_data"] for button in buttons(reply)] == [f"q:{question}" for question in core.suggestions]


def test_topic_commands_carry_real_figures(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    assert "$123,558 a year: about $59 an hour or $2,376 a week" in person.say("/salary")["text"]
    assert "23 percent" in person.say("/outlook")["text"]
    assert "5 to 10 years of healthcare work experience" in person.say("/path")["text"]


def test_questions_with_typos_get_exact_figures(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    assert person.say("salry per hour")["text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
    assert person.say("whats the startng salery")["text"].startswith("When you are just promoted into the role you would likely earn about $88,408 a year")


def test_follow_up_uses_the_chat_context(telegram: FakeBotAPI, advisor: Advisor) -> None:
    person = Person(telegram)
    assert "$123,558" in person.say("what's the salary?")["text"]
    assert person.say("and weekly?")["text"] == "The median salary of $123,558 a year equates to $2,376 a week."
    more = person.say("go on")["text"]
    assert more == expected(advisor, "what's the salary?", "and weekly?", "go on")
    assert "Source: BestColleges" in more


def test_two_users_contexts_do_not_mix(telegram: FakeBotAPI, advisor: Advisor) -> None:
    ann, bob = Person(telegram, "Ann"), Person(telegram, "Bob")
    ann.say("what's the salary?")
    bob.say("What degree do I need?")
    anns, bobs = ann.say("go on")["text"], bob.say("go on")["text"]  # "go on" means nothing without context
    assert anns == expected(advisor, "what's the salary?", "go on") and "$123,558 a year" in anns
    assert bobs == expected(advisor, "What degree do I need?", "go on") and "bachelor's degree" in bobs
    assert "$" not in bobs and "bachelor" not in anns
    assert ann.say("and weekly?")["text"] == "The median salary of $123,558 a year equates to $2,376 a week."


def test_pressing_a_follow_up_button_answers_it(telegram: FakeBotAPI, advisor: Advisor) -> None:
    person = Person(telegram)
    answer = person.say("how much does it pay?")
    button = next(button for button in buttons(answer) if button["text"] == "What is the total pay with bonuses and benefits?")
    query_id = ""

    def press() -> None:
        nonlocal query_id
        query_id = telegram.press_button(person.user, answer, button["callback_data"])

    reply = person.next_reply(press)
    assert telegram.wait_for(lambda: telegram.callback_answered(query_id), timeout=5)["text"] == ""
    assert reply["text"] == "What is the total pay with bonuses and benefits?\n\n" + expected(advisor, "how much does it pay?", "What is the total pay with bonuses and benefits?")
    assert "total pay comes to $174,437 a year" in reply["text"]
    assert reply["entities"][0] == {"type": "bold", "offset": 0, "length": len("What is the total pay with bonuses and benefits?")}


def test_pressing_a_topic_button_from_start(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    welcome = person.say("/start")
    reply = person.next_reply(lambda: telegram.press_button(person.user, welcome, "t:outlook"))
    assert reply["text"].startswith("Job outlook\n\nProspects are favorable")
    assert "23 percent" in reply["text"]


def test_button_pressed_too_long_ago_still_gets_its_answer(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    welcome = person.say("/start")
    telegram.inject("answerCallbackQuery", error=ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"))
    reply = person.next_reply(lambda: telegram.press_button(person.user, welcome, "t:salary"))
    assert "$123,558 a year" in reply["text"]


def test_stale_or_forged_buttons_are_answered_politely(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    welcome = person.say("/start")
    before = len(person.received())
    stale = [telegram.press_button(person.user, welcome, data) for data in ("v1:salary", "t:astrology", "q:   ")]
    for query_id in stale:
        answer = telegram.wait_for(lambda query_id=query_id: telegram.callback_answered(query_id), timeout=5)
        assert answer["text"] == "Sorry, that button no longer works. Please type your question instead."
    quiet(telegram)
    assert len(person.received()) == before


def test_forged_button_text_is_escaped(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    welcome = person.say("/start")
    reply = person.next_reply(lambda: telegram.press_button(person.user, welcome, "q:<b>salary</b> & <i>hourly"))
    assert reply["text"].startswith("<b>salary</b> & <i>hourly\n\n")


def test_inline_query_offers_the_salary_answer(telegram: FakeBotAPI) -> None:
    user = telegram.user(next(_user_ids), "Cy")
    hourly = telegram.inline_query(user, "per hour")
    overview = telegram.inline_query(user, "")
    [result] = telegram.wait_for(lambda: telegram.inline_answer(hourly), timeout=5)["results"]
    assert result["type"] == "article" and result["title"].startswith("Salary and pay")
    assert result["input_message_content"]["message_text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
    assert result["input_message_content"]["parse_mode"] == "HTML"
    [result] = telegram.wait_for(lambda: telegram.inline_answer(overview), timeout=5)["results"]
    assert "$123,558 a year: about $59 an hour" in result["input_message_content"]["message_text"]


def test_non_text_messages_get_a_short_answer(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    for send in (telegram.send_sticker, telegram.send_photo, telegram.send_voice, telegram.send_document, telegram.send_location):
        reply = person.next_reply(lambda send=send: send(person.chat, person.user))
        assert reply["text"].startswith(ONLY_TEXT)
    quiet(telegram)
    assert len(person.received()) == 5


def test_edited_message_is_answered_as_a_new_question(telegram: FakeBotAPI, advisor: Advisor) -> None:
    person = Person(telegram)
    person.say("salary")
    original = person.sent
    reply = person.next_reply(lambda: telegram.edit_text(original, "What degree do I need?"))
    assert reply["text"] == expected(advisor, "salary", "What degree do I need?")
    assert reply["reply_to_message"]["message_id"] == original["message_id"]


def test_group_answers_only_when_addressed(telegram: FakeBotAPI) -> None:
    group = telegram.group_chat(-1_001_234_567_890, "Career club <3")
    ann, bob = Person(telegram, "Ann", chat=group), Person(telegram, "Bob", chat=group)
    telegram.send_text(group, ann.user, "what's the salary?")  # group chatter: not for the bot
    telegram.send_sticker(group, bob.user)
    telegram.send_text(group, bob.user, "/salary@some_other_bot")
    mention = bob.say(f"@{BOT_NAME} salry per hour")
    assert mention["text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
    assert mention["reply_to_message"]["message_id"] == bob.sent["message_id"]
    quiet(telegram)
    assert len(bob.received()) == 1
    follow = ann.say("and weekly?", reply_to=mention)  # a reply to the bot's own message
    assert follow["text"] == "The median salary of $123,558 a year equates to $2,376 a week."
    assert "$59 an hour or $2,376 a week" in ann.say("/salary")["text"]
    assert "$59 an hour or $2,376 a week" in ann.say(f"/salary@{BOT_NAME}")["text"]
    assert ann.say(f"/horoscope@{BOT_NAME}")["text"] == "Sorry, I don't know /horoscope. Send /help to see what I can do."
    quiet(telegram)
    assert len(ann.received()) == 5


def test_very_long_message_is_answered_in_bounded_time(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    text = ("what does a director of clinical operations earn per hour and what degree " * 140)[:10_000]
    started = time.monotonic()
    reply = person.say(text)
    assert time.monotonic() - started < 3
    assert "$59" in reply["text"] and len(reply["text"]) <= 4096


def test_user_text_echoed_back_is_escaped(telegram: FakeBotAPI) -> None:
    person = Person(telegram, name="<script>alert(1)</script> & Co")
    assert person.say("/start")["text"].startswith("Hi <script>alert(1)</script> & Co!")
    reply = person.say("how much does a <b>nurse</b> & a <doctor> earn?")["text"]
    assert "I don't have information about nurse careers" in reply
    assert person.say("/weird<tag>&amp;")["text"].startswith("Sorry, I don't know /weird")


def test_slow_reply_does_not_block_other_chats(telegram: FakeBotAPI) -> None:
    slow, fast = Person(telegram, "Slow"), Person(telegram, "Fast")
    telegram.inject("sendMessage", chat_id=slow.chat_id, delay=3.0)
    telegram.send_text(slow.chat, slow.user, "what's the salary?")
    telegram.wait_for(lambda: any(call.chat_id == slow.chat_id for call in telegram.calls if call.method == "sendMessage"), timeout=5)
    started = time.monotonic()
    assert "bachelor's degree" in fast.say("What degree do I need?")["text"]
    assert time.monotonic() - started < 1.5
    assert slow.received() == []
    assert "$123,558" in telegram.wait_messages(slow.chat_id, 1, timeout=6)[0]["text"]


def test_failing_reply_is_logged_and_the_bot_keeps_going(telegram: FakeBotAPI, bot: BotProcess) -> None:
    refused, unlucky, other = Person(telegram), Person(telegram), Person(telegram)
    telegram.inject("sendMessage", chat_id=refused.chat_id, error=ApiError(400, "Bad Request: not enough rights to send text messages to the chat"))
    telegram.inject("sendMessage", chat_id=unlucky.chat_id, error=ApiError(502, "Bad Gateway"))
    apology = refused.say("zebra quagga salary")
    assert apology["text"] == "Sorry, something went wrong while answering that. Please try again."
    telegram.send_text(unlucky.chat, unlucky.user, "okapi narwhal salary")
    assert "$123,558" in other.say("what's the salary?")["text"]
    telegram.wait_for(lambda: "failed handling a message update: NetworkError (Bad Gateway) at telegram_bot.py:" in bot.log, timeout=5)
    assert "failed handling a message update: BadRequest (Not enough rights to send text messages to the chat) at telegram_bot.py:" in bot.log
    assert "$123,558" in unlucky.say("what's the salary?")["text"]  # the same chat works again
    assert "zebra" not in bot.log and "okapi" not in bot.log


def test_flood_limit_answer_is_retried_by_the_rate_limiter(telegram: FakeBotAPI) -> None:
    person = Person(telegram)
    telegram.inject("sendMessage", chat_id=person.chat_id,
                    error=ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    started = time.monotonic()
    assert person.say("salry per hour")["text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
    assert time.monotonic() - started >= 1.0
    assert [call.error_code for call in telegram.calls_to("sendMessage", person.chat_id, ok=None)] == [429, 0]


QUESTIONS = {  # context-free questions, each with an answer no other has
    "What does it pay per hour?": "mean hourly wage of $59 an hour",
    "What degree do I need?": "four-year bachelor's degree",
    "What skills do I need?": "quick critical thinking",
    "What is the job outlook?": "23 percent",
    "What are the pros and cons?": "six-figure salary",
    "How do I become one?": "5 to 10 years",
    "What does the job involve day to day?": "Hiring new staff",
    "What does a Director of Clinical Operations do?": "report directly to the CEO",
    "What is the starting salary?": "$88,408",
    "How much per week?": "$2,376 a week",
}


def test_burst_of_200_messages_from_20_users_gets_exactly_one_reply_each(telegram: FakeBotAPI) -> None:
    people = [Person(telegram, f"User{n}") for n in range(20)]
    questions = list(QUESTIONS)

    def talk(index: int, person: Person) -> None:
        for turn in range(10):
            telegram.send_text(person.chat, person.user, questions[(index + turn) % 10])

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(talk, range(20), people))
    telegram.wait_for(lambda: sum(len(person.received()) for person in people) >= 200, timeout=30)
    elapsed = time.monotonic() - started
    quiet(telegram, 0.5)
    for person in people:
        replies = [message["text"] for message in person.received()]
        assert len(replies) == 10, person.user["first_name"]
        matched = collections.Counter(next(q for q, marker in QUESTIONS.items() if marker in text) for text in replies)
        assert matched == collections.Counter(questions)
    assert elapsed < 25


def test_logs_hold_neither_token_nor_user_text(telegram: FakeBotAPI, bot: BotProcess) -> None:
    log = bot.log
    assert "Career Advisor is running as @career_advisor_test_bot" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    for said in ("salry per hour", "zebra", "what's the salary", "nurse"):
        assert said not in log
    assert "Traceback" not in log
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert all("(Bad Gateway)" in line or "(Not enough rights" in line for line in errors), errors  # only the injected ones


# ---------------------------------------------------------------- lifecycle (a bot process each)


@pytest.fixture
def own_api() -> FakeBotAPI:
    with FakeBotAPI() as server:
        yield server


def test_restart_keeps_context_in_the_state_file(own_api: FakeBotAPI, tmp_path: Path, advisor: Advisor) -> None:
    state = tmp_path / "state.pickle"
    first = BotProcess(own_api, tmp_path, state=state)
    try:
        own_api.wait_polling()
        person = Person(own_api)
        assert "$123,558" in person.say("what's the salary?")["text"]
        code, seconds = first.stop(signal.SIGTERM)
        assert code == 0 and seconds < 5
    finally:
        first.kill()
    saved = pickle.loads(state.read_bytes())["chat_data"][person.chat_id]["session"]
    assert saved["last_intent"] == "salary"
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    second = BotProcess(own_api, tmp_path, "--token-file", str(token_file), state=state, env={"TELEGRAM_BOT_TOKEN": None})
    try:
        own_api.wait_for(lambda: len(own_api.calls_to("getMe")) == 2, timeout=15)
        more = person.say("go on")["text"]
        assert more == expected(advisor, "what's the salary?", "go on")
        assert "Source: BestColleges" in more
        assert Person(own_api).say("go on")["text"].startswith("Sorry, I can't help with that.")  # no context, no salary
        assert second.stop(signal.SIGTERM)[0] == 0
    finally:
        second.kill()
    assert TOKEN not in first.log + second.log


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_stops_cleanly_after_finishing_replies_in_flight(own_api: FakeBotAPI, tmp_path: Path, sig: int) -> None:
    bot = BotProcess(own_api, tmp_path)
    try:
        own_api.wait_polling()
        person = Person(own_api)
        own_api.inject("sendMessage", chat_id=person.chat_id, delay=1.5)
        own_api.send_text(person.chat, person.user, "salry per hour")
        own_api.wait_for(lambda: any(call.method == "sendMessage" for call in own_api.calls), timeout=5)
        code, seconds = bot.stop(sig)
        assert code == 0
        assert seconds < 5
    finally:
        bot.kill()
    [reply] = own_api.messages_to(person.chat_id)  # the reply in flight was finished, not dropped
    assert reply["text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
    assert pickle.loads(bot.state.read_bytes())["chat_data"][person.chat_id]["session"]["last_slots"] == {"period": "hourly"}
    assert own_api.pending_updates() == 0  # the last update was confirmed to Telegram before exiting
    assert "Traceback" not in bot.log


def test_corrupt_state_file_is_moved_aside_and_commands_failure_is_not_fatal(own_api: FakeBotAPI, tmp_path: Path) -> None:
    state = tmp_path / "state.pickle"
    state.write_bytes(b"\x80\x04 this is not a pickle")
    own_api.inject("setMyCommands", error=ApiError(400, "Bad Request: BOT_COMMAND_INVALID"))
    bot = BotProcess(own_api, tmp_path, state=state)
    try:
        own_api.wait_polling()
        assert Person(own_api).say("salry per hour")["text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
        assert bot.stop()[0] == 0
    finally:
        bot.kill()
    assert (tmp_path / "state.pickle.corrupt").read_bytes() == b"\x80\x04 this is not a pickle"
    assert "chat_data" in pickle.loads(state.read_bytes())
    lines = [line for line in bot.log.splitlines() if "state.pickle" in line and "corrupt" in line]
    assert len(lines) == 1 and "moved it to" in lines[0]
    assert "could not register the command list: BadRequest (Bot_command_invalid) at telegram_bot.py:" in bot.log
    assert "Traceback" not in bot.log


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _post(url: str, body: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_webhook_mode_checks_the_secret_token(own_api: FakeBotAPI, tmp_path: Path) -> None:
    port = _free_port()
    secret = "s3cret-Token_for-tests"
    bot = BotProcess(own_api, tmp_path, "--webhook-url", "https://bot.example.org/hook", "--listen", "127.0.0.1",
                     "--port", str(port), env={"TELEGRAM_WEBHOOK_SECRET": secret})
    try:
        own_api.wait_for(lambda: own_api.calls_to("setWebhook"), timeout=15)
        _wait_listening(port)
        assert own_api.webhook["url"] == "https://bot.example.org/hook" and own_api.webhook["secret_token"] == secret
        person = Person(own_api)
        message = own_api.send_text(person.chat, person.user, "salry per hour", queue=False)
        hook = f"http://127.0.0.1:{port}/hook"
        assert _post(hook, {"update_id": 1, "message": message}, "wrong-secret") == 403
        assert _post(hook, {"update_id": 2, "message": message}, None) == 403
        assert _post(hook, {"update_id": 3, "message": message}, secret) == 200
        [reply] = own_api.wait_messages(person.chat_id, 1)
        assert reply["text"] == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
        quiet(own_api)
        assert len(own_api.messages_to(person.chat_id)) == 1
        assert not own_api.calls_to("getUpdates", ok=None)
        assert bot.stop()[0] == 0
    finally:
        bot.kill()
    assert secret not in bot.log and TOKEN not in bot.log


@pytest.mark.parametrize("env, args, message", [
    ({"TELEGRAM_BOT_TOKEN": None}, [], "no bot token: set TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "12345:not-a-token"}, [], "TELEGRAM_BOT_TOKEN does not look like a bot token"),
    ({}, ["--token-file", "/nonexistent/token"], "--token-file /nonexistent/token: cannot read it"),
    ({}, ["--webhook-url", "http://insecure.example.org/hook"], "Telegram only delivers to https:// URLs"),
], ids=["missing", "malformed", "unreadable-file", "http-webhook"])
def test_user_errors_are_one_line_and_exit_2(own_api: FakeBotAPI, tmp_path: Path, env: dict[str, str | None],
                                             args: list[str], message: str) -> None:
    bot = BotProcess(own_api, tmp_path, *args, env=env, api_url="")
    try:
        assert bot.wait(timeout=15) == 2
    finally:
        bot.kill()
    output = bot.log.strip().splitlines()
    assert len(output) == 1 and output[0].startswith("advisor: ") and message in output[0], output
    assert "12345:not-a-token" not in bot.log
    assert not own_api.calls


def test_rejected_token_is_one_line_and_exit_2(own_api: FakeBotAPI, tmp_path: Path) -> None:
    wrong = "987654321:AAWrongTokenWrongTokenWrongToken12345"
    bot = BotProcess(own_api, tmp_path, env={"TELEGRAM_BOT_TOKEN": wrong})
    try:
        assert bot.wait(timeout=15) == 2
    finally:
        bot.kill()
    last = bot.log.strip().splitlines()[-1]
    assert last == "advisor: the Bot API rejected the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN"
    assert wrong not in bot.log and "Traceback" not in bot.log


# ---------------------------------------------------------------- pieces, in process


def test_long_answers_are_split_on_lines_within_telegrams_limit() -> None:
    from advisor.telegram_bot import split_message, utf16_len

    text = "\n".join(f"line {n} with <markup-looking> text & ampersands \U0001F600" for n in range(400))
    chunks = split_message(text)
    assert len(chunks) > 1
    assert all(utf16_len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(parse_html(chunk)[0] for chunk in chunks) == text
    assert all(chunk.endswith("\U0001F600") for chunk in chunks)  # cut between lines, not inside one
    one_line = "&" * 5000  # escapes to 25,000 characters: cut, never inside "&amp;"
    assert "".join(parse_html(chunk)[0] for chunk in split_message(one_line)) == one_line


def test_own_markup_falls_back_to_plain_text_if_ever_too_long() -> None:
    from advisor.telegram_bot import fit

    assert fit("<b>short</b> &amp; sweet") == ["<b>short</b> &amp; sweet"]
    chunks = fit("<b>Heading</b>\n" + "word &amp; word\n" * 400)
    assert len(chunks) == 2 and chunks[0].startswith("Heading\nword &amp; word")
    assert all(len(chunk) <= 4096 and "<b>" not in chunk for chunk in chunks)


def test_callback_data_fits_64_bytes() -> None:
    from advisor.telegram_bot import callback_data_for

    for question in ("What is the total pay with bonuses and benefits?", "é" * 100, "\U0001F600" * 40, "x" * 200):
        data = callback_data_for(question)
        assert len(data.encode("utf-8")) <= 64 and data.startswith("q:")
        assert question.startswith(data[2:])


def test_webhook_secret_is_random_unless_given() -> None:
    from advisor.cli import UsageError
    from advisor.telegram_bot import webhook_secret

    first, second = webhook_secret({}), webhook_secret({})
    assert first != second and len(first) >= 32
    assert webhook_secret({"TELEGRAM_WEBHOOK_SECRET": "abc_DEF-123"}) == "abc_DEF-123"
    with pytest.raises(UsageError):
        webhook_secret({"TELEGRAM_WEBHOOK_SECRET": "has spaces"})


def test_telegram_is_imported_only_by_the_adapter() -> None:
    for path in (REPO / "advisor").glob("*.py"):
        if path.name != "telegram_bot.py":
            source = path.read_text()
            assert "import telegram" not in source and "from telegram" not in source, path.name


def test_fake_server_rejects_what_telegram_rejects(own_api: FakeBotAPI) -> None:
    user = own_api.user(99, "Zed")
    own_api.send_text(own_api.private_chat(user), user, "hi")
    base = f"{own_api.url}/bot{TOKEN}"

    def call(method: str, **params: Any) -> dict[str, Any]:
        request = urllib.request.Request(f"{base}/{method}", data=json.dumps(params).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            return json.loads(error.read())

    assert call("sendMessage", chat_id=99, text="x" * 4097) == {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
    assert call("sendMessage", chat_id=99, text="x" * 4096)["ok"]
    keyboard = {"inline_keyboard": [[{"text": "go", "callback_data": "q:" + "é" * 32}]]}
    assert call("sendMessage", chat_id=99, text="x", reply_markup=keyboard)["description"] == "Bad Request: BUTTON_DATA_INVALID"
    for bad in ("<b>bold", "a < b", "fish & chips", "<blink>x</blink>", "<b>x</i>", "x</b>"):
        answer = call("sendMessage", chat_id=99, text=bad, parse_mode="HTML")
        assert answer["error_code"] == 400 and answer["description"].startswith("Bad Request: can't parse entities: "), bad
    good = call("sendMessage", chat_id=99, text="<b>a</b> &lt;&amp;&gt; &#36;5", parse_mode="HTML")["result"]
    assert good["text"] == "a <&> $5" and good["entities"] == [{"type": "bold", "offset": 0, "length": 1}]
    assert call("sendMessage", chat_id=12345, text="hi")["description"] == "Bad Request: chat not found"
    assert call("answerCallbackQuery", callback_query_id="42")["description"].startswith("Bad Request: query is too old")
    with pytest.raises(urllib.error.HTTPError) as unauthorized:
        urllib.request.urlopen(f"{own_api.url}/bot1:wrong/getMe", timeout=5)
    assert unauthorized.value.code == 401
    started = time.monotonic()
    assert call("getUpdates", timeout=1, offset=10**12) == {"ok": True, "result": []}  # a real long poll
    assert 0.9 < time.monotonic() - started < 3
    form = urllib.request.urlopen(urllib.request.Request(f"{base}/getMe", data=b"", method="POST"), timeout=5)
    assert json.loads(form.read())["result"]["supports_inline_queries"] is True
