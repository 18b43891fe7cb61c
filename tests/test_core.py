"""The advisor's public API: `Advisor.load()`, `Advisor.reply`, `Advisor.topic_reply`, `Session`.

Assertions are on real values: the exact figure in the answer, the exact intent and slots.
"""

from __future__ import annotations

import pytest

from advisor.core import Advisor, Reply
from advisor.dialogue import Session
from advisor.intents import SMALL_TALK, TOPICS

TITLE = "Director of Clinical Operations"
OUR_FIGURES = ("123,558", "88,408", "174,437", "171,751", "2,376")


def ask(advisor: Advisor, text: str, session: Session | None = None) -> Reply:
    reply = advisor.reply(text, session)
    assert isinstance(reply, Reply)
    assert isinstance(reply.text, str) and reply.text.strip()
    return reply


def ask_after(advisor: Advisor, *messages: str) -> Reply:
    """The reply to the last of `messages`, all sent in one conversation."""
    session = Session()
    for text in messages[:-1]:
        ask(advisor, text, session)
    return ask(advisor, messages[-1], session)


# --- every salary figure, exactly --------------------------------------------------------------

@pytest.mark.parametrize("question, slots, figure", [
    ("what is the median salary?", {"level": "median"}, "$123,558 a year"),
    ("what's the annual salary?", {"period": "annual"}, "$123,558 a year"),
    ("what's the pay per hour?", {"period": "hourly"}, "a mean hourly wage of $59 an hour"),
    ("how much per week?", {"period": "weekly"}, "$2,376 a week"),
    ("what is the starting salary?", {"level": "starting"}, "$88,408 a year"),
    ("what's the senior salary?", {"level": "senior"}, "$171,751 a year"),
    ("what is total compensation with bonuses and benefits?", {"level": "total"}, "$174,437 a year"),
])
def test_salary_slot_gives_its_exact_figure(advisor, question, slots, figure) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "salary"
    assert reply.intents == ("salary",)
    assert reply.slots == slots
    assert figure in reply.text


def test_plain_salary_question_gives_every_published_figure(advisor) -> None:
    text = ask(advisor, "what's the salary?").text
    for figure in ("$123,558 a year", "$59 an hour", "$2,376 a week", "$88,408", "$171,751", "$174,437 a year"):
        assert figure in text
    assert "derived" not in text


def test_hourly_answer_is_precise_to_what_was_asked(advisor) -> None:
    text = ask(advisor, "what's the pay per hour?").text
    assert text == "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."


def test_monthly_pay_is_labelled_derived(advisor) -> None:
    reply = ask(advisor, "what is the monthly salary?")
    assert reply.intent == "salary"
    assert reply.slots == {"period": "monthly"}
    assert "a month" in reply.text
    assert "derived" in reply.text
    assert "$123,558 a year \u00f7 12" in reply.text


def test_monthly_pay_rounds_half_up(advisor) -> None:
    assert "$10,297 a month" in ask(advisor, "what is the monthly salary?").text


def test_gap_between_starting_and_senior(advisor) -> None:
    reply = ask(advisor, "what's the gap between starting and senior pay?")
    assert reply.intent == "salary"
    assert "a gap of $83,343" in reply.text
    assert "derived: $171,751 \u2212 $88,408" in reply.text


@pytest.mark.parametrize("question, gap, derived", [
    ("difference between starting pay and the median?", "a gap of $35,150", "$123,558 \u2212 $88,408"),
    ("how much above the median do the top earners get", "a gap of $48,193, 39.0% more", "$171,751 \u2212 $123,558"),
    ("how many dollars separate a brand-new director's base from a late-career one", "a gap of $83,343", "$171,751 \u2212 $88,408"),
])
def test_gap_between_the_two_levels_named(advisor, question, gap, derived) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "salary"
    assert gap in reply.text
    assert f"derived: {derived}" in reply.text


def test_gap_between_the_two_levels_just_discussed(advisor) -> None:
    reply = ask_after(advisor, "starting salary?", "what about later in their career", "so whats the jump between the two")
    assert reply.intent == "salary"
    assert "a gap of $83,343" in reply.text


def test_gap_per_month(advisor) -> None:
    assert "That gap is about $6,945 a month (derived: $83,343 \u00f7 12)" in ask(advisor, "starting vs top pay, per month").text


def test_base_pay_qualifies_a_named_level(advisor) -> None:
    reply = ask(advisor, "what's a late-career director's base pay per month?")
    assert reply.slots == {"level": "senior", "period": "monthly"}
    assert "That comes to about $14,313 a month (derived: $171,751 \u00f7 12)" in reply.text
    assert "gap" not in reply.text


def test_total_pay_per_month(advisor) -> None:
    reply = ask(advisor, "total comp broken down per month?")
    assert reply.slots == {"level": "total", "period": "monthly"}
    assert "$14,536 a month (derived: $174,437 \u00f7 12)" in reply.text


def test_benefits_add(advisor) -> None:
    reply = ask(advisor, "how much do bonuses and benefits add?")
    assert reply.intent == "salary"
    assert reply.slots == {"level": "total"}
    assert "$174,437 a year" in reply.text
    assert "$50,879 (41.2%) more than the median base salary of $123,558" in reply.text
    assert "derived: $174,437 \u2212 $123,558" in reply.text


@pytest.mark.parametrize("question, expected", [
    ("I make 95k, how does that compare", "$95,000 a year is $28,558 below the median of $123,558"),
    ("I earn $150,000, is that good for this job?", "$150,000 a year is $26,442 above the median of $123,558"),
    ("is 123558 a year normal pay for this job?", "$123,558 a year is exactly the median"),
    ("I am earning 72 000 dollar per year now. How does the median compare?", "$72,000 a year is $51,558 below the median of $123,558"),
])
def test_user_stated_pay_is_compared_with_the_median(advisor, question, expected) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "salary"
    assert expected in reply.text
    assert "derived" in reply.text


# --- each intent: plain, typo and slang ---------------------------------------------------------

PHRASINGS = [
    ("salary", "plain", "what is the salary?"),
    ("salary", "typo", "what is the salry?"),
    ("salary", "slang", "wats the $ like"),
    ("salary", "slang", "how much dough do they rake in"),
    ("salary", "slang", "wat do they take home"),
    ("salary", "slang", "does it pay the bills"),
    ("education", "plain", "which degree is required?"),
    ("education", "typo", "what edjucation do I need?"),
    ("education", "slang", "wat edu do u need"),
    ("skills", "plain", "what skills do I need?"),
    ("skills", "typo", "what skils are needed?"),
    ("skills", "slang", "wat skills r needed"),
    ("skills", "slang", "wat do i gotta be good at"),
    ("responsibilities", "plain", "what are the responsibilities?"),
    ("responsibilities", "typo", "what are the responsibilites?"),
    ("responsibilities", "slang", "wat do they do all day"),
    ("pros_cons", "plain", "what are the pros and cons?"),
    ("pros_cons", "typo", "what are the advantges and disadvantges?"),
    ("pros_cons", "slang", "whats good n bad abt it"),
    ("pros_cons", "slang", "whats the worst part"),
    ("getting_started", "plain", "how do I become one?"),
    ("getting_started", "typo", "how do i becom one?"),
    ("getting_started", "slang", "how do i get into this gig"),
    ("outlook", "plain", "what are the job prospects?"),
    ("outlook", "typo", "what is the job outlok?"),
    ("outlook", "slang", "is it in demand tho"),
    ("outlook", "slang", "wat r the job prospects like"),
    ("overview", "plain", f"what does a {TITLE} do?"),
    ("overview", "typo", "what does a director of clinical operatons do?"),
    ("overview", "slang", "wat is this job abt"),
    ("greeting", "plain", "hello"),
    ("greeting", "typo", "helo there"),
    ("greeting", "slang", "heya"),
    ("help", "plain", "what can you do?"),
    ("help", "typo", "hlep"),
    ("help", "slang", "wat can u do"),
    ("thanks", "plain", "thank you"),
    ("thanks", "typo", "thnaks"),
    ("thanks", "slang", "thx"),
    ("goodbye", "plain", "goodbye"),
    ("goodbye", "typo", "godbye"),
    ("goodbye", "slang", "cya"),
]


@pytest.mark.parametrize("intent, kind, question", PHRASINGS, ids=[f"{intent}-{kind}-{question}" for intent, kind, question in PHRASINGS])
def test_phrasing_gets_its_intent(advisor, intent, kind, question) -> None:
    assert ask(advisor, question).intent == intent


HARD_PHRASINGS = [
    ("outlook", "r there jobs out there"),
    ("education", "wat do i need to study"),
    ("pros_cons", "what sucks about it"),
    ("thanks", "thnx"),
    ("goodbye", "goodbyee"),
]


@pytest.mark.parametrize("intent, question", HARD_PHRASINGS)
def test_hard_phrasing_gets_its_intent(advisor, intent, question) -> None:
    assert ask(advisor, question).intent == intent


@pytest.mark.parametrize("topic", TOPICS)
def test_the_menu_question_of_each_topic_answers_that_topic_alone(advisor, topic) -> None:
    question = dict((label, question) for label, _, question in advisor.topics())[topic]
    reply = ask(advisor, question)
    assert reply.intent == topic
    assert reply.intents == (topic,)


# --- out of scope ------------------------------------------------------------------------------

def test_nurse_practitioner_pay_is_declined(advisor) -> None:
    reply = ask(advisor, "what does a nurse practitioner earn")
    assert reply.intent == "out_of_scope"
    assert reply.intents == ("out_of_scope",)
    assert reply.text.startswith(f"I only cover: {TITLE}. I don't have information about nurse practitioner careers")
    for figure in OUR_FIGURES + ("$59",):
        assert figure not in reply.text
    assert reply.source == ""


@pytest.mark.parametrize("question", [
    "how much do software engineers make?",
    "what degree do you need to be a pharmacist?",
    "what's the hourly pay for a registered nurse?",
    "what skills does a physician assistant need?",
    "how do I become a dentist?",
    "how much more would I earn as a paramedic?",
    "my neighbour is a dental hygienist. what do they make a year?",
    "what's the usual path to hospital COO?",
    "pros and cons of working as a pharmacist",
    "how do i become the administrator of a small town clinic",
    "what do operations managers at a software company make?",
    "medical billing and coding specialist pay?",
    "what do hospital department heads earn on average",
    "Pros and cons of serving as a hospital CEO?",
    "How many money a veterinarian is earning in one month?",  # a pay word before the job: the one paid, not staff counted
    "how much do flebotomists make a hour",  # a common misspelling of the job
    "what degree do you need to be a pharmacist",  # asks about the pharmacist, not whether ours must be one
    "could I afford a house working as a medical assistant",  # an imagined job, not the asker's own
    "OT vs PT which one pays more fr",  # occupational and physical therapy, not overtime and part-time
    "what's the pay for a clinical ops director, no wait, I meant for a travel physical therapist",  # the job after the correction
    "how much do clinical ops directors make? actually never mind them, I'm really asking about hospital pharmacists",  # nor background
    "How much do medical billers earn and is the job stable?",  # "billers" is not corrected to another word
])
def test_other_careers_are_declined_without_our_figures(advisor, question) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope"
    assert reply.intents == ("out_of_scope",)
    assert f"I only cover: {TITLE}." in reply.text
    for figure in OUR_FIGURES + ("$59", "bachelor", "5 to 10 years"):
        assert figure not in reply.text


def test_unsupported_detail_is_declined_and_says_what_the_profile_gives(advisor) -> None:
    reply = ask(advisor, "what's the pay in Toronto?")
    assert reply.intent == "out_of_scope"
    assert "doesn't" in reply.text
    assert "city, state or country" in reply.text
    assert "$123,558" in reply.text
    assert "BestColleges" in reply.source


@pytest.mark.parametrize("question, says", [
    ("do directors of clinical operations get stock options?", "equity"),
    ("how much is tuition for the degree?", "cost of degrees"),
    ("can this job be done remotely?", "remotely"),
    ("could i do this part time?", "part-time"),
    ("what would this job pay in Lagos?", "city, state or country"),
    ("what's the salary after taxes", "after taxes"),
    ("which online MHA program is the best one to enroll in?", "rank degree programs"),
    ("will AI take this job lol", "automation or AI"),
    ("How long does it usually take to fill a clinical operations director vacancy?", "how long vacancies take to fill"),
])
def test_other_unsupported_details(advisor, question, says) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope"
    assert "doesn't" in reply.text and says in reply.text


@pytest.mark.parametrize("question, intent", [
    ("IS THIS AN EXECUTIVE JOB OR JUST MIDDLE MANAGEMENT", "overview"),
    ("is this a secure field to go into long term?", "outlook"),
])
def test_this_job_is_the_career_under_discussion(advisor, question, intent) -> None:
    assert ask(advisor, question).intent == intent


@pytest.mark.parametrize("question, intent", [
    ("would i be the one stuck making the nurse schedule", "responsibilities"),
    ("is a doctor degree required or not?", "education"),
    ("so basically the boss of the doctors? lol", "overview"),
    ("is this basically a doctor job", "overview"),
    ("I'm an MD who's tired of clinic hours. Does a physician background count for anything here?", "getting_started"),
    ("who decides how many nurses are on each shift, is that them?", "responsibilities"),
])
def test_a_job_word_inside_a_topic_phrase_is_not_another_career(advisor, question, intent) -> None:
    assert ask(advisor, question).intent == intent


@pytest.mark.parametrize("question, intent", [
    ("What skills should my son work on?", "skills"),
    ("will i ever see my kids", "pros_cons"),
])
def test_my_is_not_the_askers_own_affairs_when_asked_for_someone_or_part_of_a_phrasing(advisor, question, intent) -> None:
    assert ask(advisor, question).intent == intent


@pytest.mark.parametrize("question", ["what's on my schedule today", "what's my balance", "how much is in my account"])
def test_the_askers_own_affairs_are_still_declined(advisor, question) -> None:
    assert ask(advisor, question).intent == "out_of_scope"


@pytest.mark.parametrize("question, figure", [("how much they makin tho", "$123,558"), ("how much they bringin in weekly", "$2,376 a week")])
def test_a_dropped_g_is_put_back(advisor, question, figure) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "salary"
    assert figure in reply.text


@pytest.mark.parametrize("message, intent", [("adiós", "goodbye"), ("gracias, señor", "thanks"), ("¡Hola!", "greeting")])
def test_accents_are_read_as_typed_without_them(advisor, message, intent) -> None:
    assert ask(advisor, message).intent == intent


def test_a_pay_word_with_a_pay_period_asks_about_pay(advisor) -> None:
    reply = ask(advisor, "How much is made in one week in this job, approximately?")
    assert reply.intent == "salary"
    assert "$2,376 a week" in reply.text


def test_pay_before_tax_is_what_the_profile_gives(advisor) -> None:
    reply = ask(advisor, "monthly pay before taxes?")
    assert reply.intent == "salary"
    assert "$10,297 a month" in reply.text


def test_a_message_we_cannot_place_is_declined_with_its_likeliest_topic_offered(advisor) -> None:
    reply = ask(advisor, "is it over 100 grand?")
    assert reply.intent == "out_of_scope"
    assert "If you are asking about salary and pay, try: \u201cHow much does it pay?\u201d" in reply.text
    assert reply.suggestions[0] == "How much does it pay?"
    assert ask(advisor, reply.suggestions[0]).intent == "salary"


def test_a_message_that_says_it_is_unrelated_is_declined_without_our_figures(advisor) -> None:
    reply = ask_after(advisor, "what does it pay?", "unrelated but is it gonna be hot in miami this weekend")
    assert reply.intent == "out_of_scope"
    assert "$" not in reply.text


def test_unrelated_request_is_declined_politely(advisor) -> None:
    reply = ask(advisor, "tell me a joke")
    assert reply.intent == "out_of_scope"
    assert reply.text.startswith("Sorry, I can't help with that. I only cover: Director of Clinical Operations.")


# --- follow-ups within a session, and no leak between sessions --------------------------------

def test_and_weekly_after_salary(advisor) -> None:
    session = Session()
    ask(advisor, "what's the salary?", session)
    reply = ask(advisor, "and weekly?", session)
    assert reply.intent == "salary"
    assert reply.slots == {"period": "weekly"}
    assert reply.text == "The median salary of $123,558 a year equates to $2,376 a week."


@pytest.mark.parametrize("followup", ["what about entry level?", "and for a newbie?", "what about beginners?"])
def test_beginner_followup_after_salary(advisor, followup) -> None:
    session = Session()
    ask(advisor, "what's the salary?", session)
    reply = ask(advisor, followup, session)
    assert reply.intent == "salary"
    assert reply.slots.get("level") == "starting"
    assert "$88,408 a year" in reply.text


def test_for_a_beginner_after_salary(advisor) -> None:
    reply = ask_after(advisor, "what's the salary?", "for a beginner?")
    assert reply.intent == "salary"
    assert "$88,408 a year" in reply.text


def test_weekly_then_beginner_keeps_the_topic(advisor) -> None:
    session = Session()
    ask(advisor, "what's the salary?", session)
    ask(advisor, "and weekly?", session)
    reply = ask(advisor, "what about entry level?", session)
    assert reply.intent == "salary"
    assert "$88,408 a year" in reply.text


def test_pros_then_what_is_bad(advisor) -> None:
    session = Session()
    pros = ask(advisor, "what are the pros?", session)
    assert pros.slots == {"side": "pros"}
    assert pros.text.startswith("Pros:") and "Cons:" not in pros.text
    cons = ask(advisor, "what is bad about it?", session)
    assert cons.intent == "pros_cons"
    assert cons.slots == {"side": "cons"}
    assert cons.text.startswith("Cons:") and "Pros:" not in cons.text
    assert "on call 24/7" in cons.text


@pytest.mark.parametrize("question, short, more", [
    ("what skills do I need?", "The profile names these skills:", "why they matter"),
    ("what's the salary?", "The median salary", "derived: $123,558 \u00f7 12"),
    ("what degree do I need?", "At the bare minimum", "an advanced degree makes you the most marketable"),
    (f"what does a {TITLE} do?", f"A {TITLE} is", "keep communities healthy"),
])
def test_go_on_expands_the_last_topic(advisor, question, short, more) -> None:
    session = Session()
    first = ask(advisor, question, session)
    assert first.text.startswith(short) and more not in first.text
    expanded = ask(advisor, "go on", session)
    assert expanded.intent == first.intent
    assert more in expanded.text
    assert len(expanded.text) > len(first.text)
    assert "BestColleges" in expanded.text


@pytest.mark.parametrize("follow_up", ["keep going, anything else?", "and? go on", "why tho, source?"])
def test_several_requests_for_more_in_a_row_expand_the_last_answer(advisor, follow_up) -> None:
    reply = ask_after(advisor, "what skills do I need?", follow_up)
    assert reply.intent == "skills"
    assert "why they matter" in reply.text


@pytest.mark.parametrize("question", ["what's your source?", "who came up with that number?", "where is this information from?"])
def test_asking_for_the_source_expands_the_last_answer_with_it(advisor, question) -> None:
    reply = ask_after(advisor, "what does it pay?", question)
    assert reply.intent == "salary"
    assert "BestColleges" in reply.text and "2023" in reply.text


def test_go_on_without_context_does_not_invent_a_topic(advisor) -> None:
    reply = ask(advisor, "go on", Session())
    assert reply.intent not in TOPICS


def test_followup_after_a_declined_career_stays_declined(advisor) -> None:
    session = Session()
    ask(advisor, "what does a nurse practitioner earn", session)
    reply = ask(advisor, "and weekly?", session)
    assert reply.intent == "out_of_scope"
    assert "$2,376" not in reply.text
    assert "nurse practitioner" in reply.text


def test_a_new_career_after_a_declined_one_is_declined_by_its_own_name(advisor) -> None:
    reply = ask_after(advisor, "what do pharmacy directors earn", "what do nurses make?")
    assert reply.intent == "out_of_scope"
    assert "nurse careers" in reply.text and "pharmacy" not in reply.text


@pytest.mark.parametrize("question, named", [
    ("what do nurses make?", "about nurse careers,"),
    ("how much do operations directors make at a bank?", "about careers at a bank,"),
    ("what's the average salary across all healthcare jobs in the US", "about all healthcare jobs,"),
    ("do people who volunteer for clinical trials get paid, and how much", "about people who volunteer,"),
])
def test_a_declined_career_is_named_the_way_it_reads(advisor, question, named) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope"
    assert named in reply.text and "$" not in reply.text


def test_are_they_doctors_asks_what_ours_are(advisor) -> None:
    reply = ask_after(advisor, "what is a director of clinical operations", "are they doctors though?")
    assert reply.intent == "education" and "bachelor" in reply.text
    assert ask(advisor, "Is it necessary to be doctor with license for this job, or no?").intent == "education"
    assert ask(advisor, "are doctors paid more").intent == "out_of_scope"
    assert ask_after(advisor, "what is a director of clinical operations", "is it for doctors only?").intent == "education"
    assert ask(advisor, "do I have to become a doctor first?").intent == "education"
    assert ask(advisor, "what do I need to become a pharmacist").intent == "out_of_scope"


def test_a_stated_pay_in_another_field_is_the_askers_own(advisor) -> None:
    reply = ask(advisor, "I make 140k in pharma sales, how's that compare to the median?")
    assert reply.intent == "salary" and "$123,558" in reply.text
    assert ask(advisor, "how much do people in pharma sales make").intent == "out_of_scope"


def test_a_topic_named_before_but_what_is_background(advisor) -> None:
    reply = ask(advisor, "Everybody hypes up the money, but what's the catch with this director of clinical operations job?")
    assert reply.intent == "pros_cons" and reply.text.startswith("Cons:")


def test_a_final_all_about_asks_what_the_job_is(advisor) -> None:
    assert ask(advisor, "yo whats this clinical ops director gig all about").intent == "overview"
    assert ask(advisor, "what stuff can you tell me about").intent == "help"


def test_extra_pay_for_being_on_call_is_a_detail_the_profile_lacks(advisor) -> None:
    reply = ask_after(advisor, "what are the downsides", "do they get extra pay when they're on call overnight")
    assert reply.intent == "out_of_scope"
    assert reply.text.startswith("The profile doesn't say whether overtime is paid")


def test_a_detail_far_from_the_question_in_a_long_message_is_background(advisor) -> None:
    reply = ask(advisor, "so I've been scrolling job boards all week because my contract ends in june, and this title keeps popping up "
                         "— director of clinical operations — and I honestly can't tell if it's an admin position or a medical one, "
                         "what is it exactly? anyway I'm pretty burned out on searching")
    assert reply.intent == "overview" and "CEO" in reply.text
    asked = ask(advisor, "I have a chronic illness, and remote work has been a lifeline for me. I'd love to grow into this role "
                         "eventually, but I'd like to be realistic before I plan years around it. Can a director of clinical operations "
                         "work fully remotely?")
    assert asked.intent == "out_of_scope" and asked.match.reason == "unsupported"
    here = ask(advisor, "I live in Chicago. How much do clinical operations directors make here specifically?")
    assert here.intent == "out_of_scope" and here.text.startswith("The profile doesn't break pay down by city")


def test_a_long_phrase_after_my_pictures_life_in_the_job(advisor) -> None:
    assert ask(advisor, "could my phone go off at 3am because something blew up on a unit").intent == "pros_cons"
    assert ask(advisor, "am I doomed here if my desk looks like a tornado hit it").intent == "skills"
    assert ask(advisor, "what is my paycheck").intent == "out_of_scope"


def test_our_field_named_alone_after_a_declined_career_asks_the_same_about_ours(advisor) -> None:
    reply = ask_after(advisor, "what do pharmacy directors earn", "ok what about clinical ops")
    assert reply.intent == "salary" and "$123,558" in reply.text
    other = ask_after(advisor, "what do nurses earn", "what about clinical operations managers?")
    assert other.intent == "out_of_scope" and "$" not in other.text


@pytest.mark.parametrize("message", [
    "how much did the stock market go up today",
    "how long is the bank open on saturday",
    "is there meaning in life",
    "what time does the pharmacy close",
])
def test_a_new_subject_after_a_salary_answer_is_declined(advisor, message) -> None:
    reply = ask_after(advisor, "what does it pay?", message)
    assert reply.intent == "out_of_scope"
    assert "$" not in reply.text


@pytest.mark.parametrize("message, slots, figure", [
    ("and per hour?", {"period": "hourly"}, "$59"),
    ("and for the top earners?", {"level": "senior"}, "$171,751"),
    ("before bonuses?", {"level": "median"}, "$123,558"),
])
def test_a_followup_made_of_our_words_continues_the_salary_answer(advisor, message, slots, figure) -> None:
    reply = ask_after(advisor, "what does it pay?", message)
    assert (reply.intent, reply.slots) == ("salary", slots)
    assert figure in reply.text


def test_and_a_pay_level_after_a_pay_answer_stays_on_pay(advisor) -> None:
    reply = ask_after(advisor, "what do they make a yr", "and per month?", "n starting out?")
    assert (reply.intent, reply.slots.get("level")) == ("salary", "starting")
    assert "$88,408" in reply.text


def test_back_to_our_career_after_declining_another(advisor) -> None:
    reply = ask_after(advisor, "Per hour, what does a clinical operations director earn?", "what about a nurse anesthetist?", "ok back to the director. weekly?")
    assert (reply.intent, reply.slots) == ("salary", {"period": "weekly"})
    assert "$2,376 a week" in reply.text


def test_without_them_after_total_pay_is_the_base(advisor) -> None:
    reply = ask_after(advisor, "What's the salary once bonuses and benefits are added?", "and without them?")
    assert (reply.intent, reply.slots) == ("salary", {"level": "median"})
    assert "$123,558" in reply.text


def test_a_question_ending_in_that_helps_is_not_thanks(advisor) -> None:
    assert ask(advisor, "any credential that helps?").intent == "out_of_scope"
    reply = ask_after(advisor, "what kinds of jobs count toward the experience?", "any credential that helps?")
    assert reply.intent == "getting_started"
    assert "Certified Healthcare Administrative Professional" in reply.text


def test_how_long_after_a_degree_answer_is_the_degree(advisor) -> None:
    reply = ask_after(advisor, "degree-wise, what's required?", "how long does that take")
    assert reply.intent == "education"
    assert "four-year bachelor's degree" in reply.text


def test_how_long_is_the_residency_after_a_degree_answer_is_getting_started(advisor) -> None:
    assert ask_after(advisor, "degree-wise, what's required?", "and how long is the residency").intent == "getting_started"


def test_a_word_naming_a_topic_beats_the_overview_framing(advisor) -> None:
    reply = ask(advisor, "tell me about the salary")
    assert reply.intent == "salary"
    assert "$123,558" in reply.text


@pytest.mark.parametrize("first, message, intent, fact", [
    ("what degree", "and the most common one?", "education", "master's degree"),
    ("what skills do they need", "what are the other ones then", "skills", "The skills the profile names, and why they matter"),
])
def test_a_question_pointing_into_the_last_answer_gets_it_in_full(advisor, first, message, intent, fact) -> None:
    assert ask(advisor, message).intent == "out_of_scope"
    reply = ask_after(advisor, first, message)
    assert reply.intent == intent
    assert fact in reply.text


@pytest.mark.parametrize("message, intent", [
    ("/start", "help"),
    ("hey so what even is a director of clinical operations", "overview"),
    ("hi there, recruiter here", "greeting"),
    ("what can you tell me about?", "help"),
    ("idk what to ask lol, where do i start", "help"),
    ("what stuff can you tell me about", "help"),
    ("hi, salary", "salary"),  # a greeting gives way to a topic's word after it
    ("hey! night shift nurse here", "greeting"),  # but not to a few words about the asker
    ("yo what's the bag on this job", "salary"),
])
def test_openers_and_commands(advisor, message, intent) -> None:
    assert ask(advisor, message).intent == intent


def test_a_detail_we_lack_after_a_pay_answer_is_said_so(advisor) -> None:
    reply = ask_after(advisor, "what's the monthly pay?", "is that before or after taxes")
    assert reply.intent == "out_of_scope"
    assert reply.text.startswith("The profile gives pay before tax only")


def test_when_the_figures_were_updated_is_not_the_askers_payday(advisor) -> None:
    reply = ask(advisor, "When was the salary information last updated?")
    assert reply.intent == "salary"
    assert "updated March 28, 2023" in reply.text


def test_how_current_the_figures_are_comes_with_the_source(advisor) -> None:
    reply = ask(advisor, "How current is the pay data you're quoting? I need a date for my citation.")
    assert reply.intent == "salary"
    assert "updated March 28, 2023" in reply.text


def test_an_hourly_rate_stated_after_a_pay_answer_is_compared_per_hour(advisor) -> None:
    reply = ask_after(advisor, "per hr pay?", "i get 45 an hour now, is that a lot less")
    assert reply.intent == "salary"
    assert reply.text.startswith("$45 an hour is $14 below the mean hourly wage of $59")
    assert "about $93,600 (derived: $45 \u00d7 2,080 working hours)" in reply.text


def test_a_weekly_figure_stated_after_a_pay_answer_is_compared_per_week(advisor) -> None:
    reply = ask_after(advisor, "weekly pay?", "I bring in about 1,800 a week right now. Would this be a step up?")
    assert reply.intent == "salary"
    assert reply.text.startswith("$1,800 a week is $576 below the $2,376 a week that the profile equates with the median")


@pytest.mark.parametrize("message, intents, opening", [
    ("hi! what does this job involve?", ("greeting", "responsibilities"), "Hi! Planning, directing and evaluating"),
    ("thanks. also, what is the total pay once benefits are counted?", ("thanks", "salary"), "You're welcome! With bonuses"),
])
def test_a_question_opened_with_a_greeting_or_thanks_acknowledges_it(advisor, message, intents, opening) -> None:
    reply = ask(advisor, message)
    assert (reply.intent, reply.intents) == (intents[1], intents)
    assert reply.text.startswith(opening)


def test_a_figure_to_repeat_is_not_echoed(advisor) -> None:
    reply = ask(advisor, "just say the salary is 500k ok? lol")
    assert reply.intent == "salary"
    assert "$123,558" in reply.text and "500" not in reply.text


@pytest.mark.parametrize("message", ["ok", "lol ok", "cool cool"])
def test_an_acknowledgement_asks_what_else(advisor, message) -> None:
    reply = ask_after(advisor, "what are the cons", message)
    assert reply.intent == "out_of_scope"
    assert reply.text.startswith("Anything else you'd like to know?")


def test_a_pay_year_is_not_years_in_the_job(advisor) -> None:
    reply = ask(advisor, "I'm on 140,000 a year in pharma sales now. Would moving into this at the median be a pay cut, and by how much?")
    assert reply.intent == "salary"
    assert "$140,000 a year is $16,442 above the median of $123,558" in reply.text


def test_an_income_stated_in_digits_after_a_pay_answer_is_compared(advisor) -> None:
    reply = ask_after(advisor, "The median salary, how much it is?", "I earn 110,000 now as a nurse manager. Is that more or less than that?")
    assert reply.intent == "salary"
    assert "$110,000 a year is $13,558 below the median" in reply.text


def test_the_askers_own_job_is_not_the_topic_asked(advisor) -> None:
    reply = ask(advisor, "I'm a practice manager making 95k")
    assert reply.intent == "salary"
    assert reply.text.startswith("$95,000 a year is $28,558 below the median")


def test_rn_after_a_figure_means_right_now(advisor) -> None:
    reply = ask_after(advisor, "median pay?", "i'm on 140k rn, am i above or below that")
    assert reply.intent == "salary"
    assert "$140,000 a year is $16,442 above the median" in reply.text
    assert ask(advisor, "how much does an rn make").intent == "out_of_scope"


@pytest.mark.parametrize("message, comparison", [
    ("im at 110k now, am i close", "$110,000 a year is $13,558 below the median of $123,558"),
    ("im at 140k as a practice mgr", "$140,000 a year is $16,442 above the median of $123,558"),  # their own job beside it is no topic
])
def test_the_askers_own_figure_after_a_pay_answer_is_compared(advisor, message, comparison) -> None:
    reply = ask_after(advisor, "median?", message)
    assert reply.intent == "salary"
    assert comparison in reply.text


def test_a_word_inside_a_pay_level_phrase_asks_no_second_topic(advisor) -> None:
    reply = ask(advisor, "After many years, the experienced ones, how much they are earning?")
    assert reply.intents == ("salary",)
    assert reply.slots["level"] == "senior"
    assert "$171,751" in reply.text


@pytest.mark.parametrize("message, intent, shown", [
    pytest.param("How many years of experience they ask before one can be named director?", "getting_started", "5 to 10 years",
                 id="named-director-is-our-title"),
    pytest.param("How much can highly experienced directors at large multi-site organisations expect to earn?", "salary", "$171,751",
                 id="highly-experienced-directors-are-ours"),
    pytest.param("What's the median pay? And don't hand me some inflated recruiter number.", "salary", "$123,558",
                 id="an-occupation-qualifying-a-figure-is-not-asked"),
    pytest.param("is a residency a thing for the admin side too, not just doctors?", "getting_started", "5 to 10 years",
                 id="a-job-set-against-ours-is-not-asked"),
    pytest.param("practice manager -> director, normal route or nah", "getting_started", "5 to 10 years",
                 id="from-a-stepping-stone-to-our-title"),
    pytest.param("who is their direct manager?", "overview", "CEO", id="their-direct-manager-sits-above-the-director"),
    pytest.param("MY SON SAYS HE WANTS TO BE A DIRECTOR OF CLINICAL OPERATIONS. WHAT IS THAT??", "overview", "senior-level official",
                 id="what-is-that-after-the-careers-name"),
])
def test_the_words_around_a_job_title_decide_whose_job_is_asked(advisor, message, intent, shown) -> None:
    reply = ask(advisor, message)
    assert reply.intent == intent
    assert shown in reply.text


def test_a_question_pointing_back_at_another_job_named_before_it_is_declined(advisor) -> None:
    reply = ask(advisor, "My cousin is looking at operations jobs at a trucking company. What's the pay like there?")
    assert reply.intent == "out_of_scope"
    assert "$" not in reply.text
    ours = ask(advisor, "I'm a nurse and I'm curious about this role. What's the pay like there?")
    assert ours.intent == "salary" and "$123,558" in ours.text


def test_where_the_person_asked_for_lives_does_not_decline_a_question_that_does_not_vary_by_place(advisor) -> None:
    reply = ask(advisor, "my son in Texas wants to know what degree he needs")
    assert reply.intent == "education" and "bachelor" in reply.text
    assert ask(advisor, "my son in Texas wants to know what it pays").intent == "out_of_scope"


@pytest.mark.parametrize("follow_up", ["ok what about the US then", "ok national then", "and in United States?"])
def test_after_a_place_the_profile_lacks_asking_for_its_own_scope_gets_the_figures(advisor, follow_up) -> None:
    reply = ask_after(advisor, "what's the salary in Toronto?", follow_up)
    assert reply.intent == "salary" and "$123,558" in reply.text


def test_whoever_is_paid_to_is_the_job_asked_not_a_colleague(advisor) -> None:
    reply = ask(advisor, "How much is paid to a dental hygienist by the month?")
    assert reply.intent == "out_of_scope"
    assert "$" not in reply.text


def test_another_jobs_pay_set_against_ours_is_declined(advisor) -> None:
    reply = ask_after(advisor, "explain the role of a clinical operations director to me", "how is that different from a director of nursing's salary?")
    assert reply.intent == "out_of_scope" and "$" not in reply.text
    assert ask(advisor, "how is it different from being a hospital CEO?").intent == "overview"


def test_a_topic_set_aside_is_not_asked(advisor) -> None:
    reply = ask(advisor, "Leaving the money side aside for a second, what abilities would I need?")
    assert reply.intent == "skills" and "$" not in reply.text
    assert ask(advisor, "what else besides internships?").intent == "getting_started"


def test_where_the_asker_works_does_not_decline_a_question_about_the_whole_country(advisor) -> None:
    reply = ask(advisor, "I'm a billing specialist in Atlanta and just curious: what's the yearly salary for a director of clinical operations in the US?")
    assert reply.intent == "salary" and "$123,558" in reply.text
    assert ask(advisor, "do clin ops directors in the UK earn as much as in the US").intent == "out_of_scope"


def test_a_question_pointing_back_at_the_askers_place_is_declined(advisor) -> None:
    reply = ask(advisor, "I'm an RN in Ohio. what's the salary there?")
    assert reply.intent == "out_of_scope"
    assert reply.text.startswith("The profile doesn't break pay down by city, state or country")
    reaching = ask(advisor, "My goal is to become director of clinical operations. Rent in New Jersey is crazy. What is the yearly pay once I get there?")
    assert reaching.intent == "salary" and "$123,558" in reaching.text


def test_a_retirement_plan_is_not_a_stated_pay(advisor) -> None:
    reply = ask_after(advisor, "what does it pay?", "i want to transfer my 401k")
    assert reply.intent == "out_of_scope"
    assert "$401,000" not in reply.text


def test_a_stated_pay_is_compared_with_the_level_just_discussed(advisor) -> None:
    reply = ask_after(advisor, "what's the starting salary?", "i'm on 80k now, how much would i gain at that level")
    assert reply.intent == "salary"
    assert "$8,408 below the starting pay of $88,408" in reply.text


def test_a_stated_pay_is_remembered_for_the_next_comparison(advisor) -> None:
    session = Session()
    first = ask(advisor, "i make 70k, how does that compare?", session)
    assert "$53,558 below the median" in first.text
    reply = ask(advisor, "and against the starting amount?", session)
    assert (reply.intent, reply.slots) == ("salary", {"level": "starting"})
    assert "$18,408 below the starting pay" in reply.text


@pytest.mark.parametrize("first, message, intent", [
    ("what degree do I need?", "is an online one ok", "education"),
    ("what are the pros and cons?", "can a shy person pull this off", "skills"),
])
def test_generic_words_are_read_as_about_the_career_once_it_is_in_view(advisor, first, message, intent) -> None:
    assert ask(advisor, message).intent == "out_of_scope"
    assert ask_after(advisor, first, message).intent == intent


def test_asking_about_the_hours_gets_the_downsides(advisor) -> None:
    reply = ask(advisor, "what are the hours like?")
    assert (reply.intent, reply.slots) == ("pros_cons", {"side": "cons"})
    assert "40" in reply.text


def test_sessions_do_not_leak_into_each_other(advisor) -> None:
    salary, pros = Session(), Session()
    ask(advisor, "what's the salary?", salary)
    ask(advisor, "what are the pros?", pros)
    weekly = ask(advisor, "and weekly?", salary)
    cons = ask(advisor, "what is bad about it?", pros)
    assert weekly.intent == "salary" and "$2,376 a week" in weekly.text
    assert cons.intent == "pros_cons" and cons.slots == {"side": "cons"}
    expand_pros = ask(advisor, "go on", pros)
    assert expand_pros.intent == "pros_cons"
    assert "$" not in expand_pros.text
    expand_salary = ask(advisor, "go on", salary)
    assert expand_salary.intent == "salary"


def test_reply_without_a_session_keeps_no_context(advisor) -> None:
    ask(advisor, "what's the salary?")
    assert ask(advisor, "go on").intent != "salary"


# --- several questions at once -------------------------------------------------------------------

def test_multi_intent_in_the_order_asked(advisor) -> None:
    reply = ask(advisor, "salary, and which degree is required?")
    assert reply.intents[:2] == ("salary", "education")
    assert "123,558" in reply.text
    assert "bachelor" in reply.text
    assert reply.text.index("123,558") < reply.text.index("bachelor")


def test_multi_intent_other_order(advisor) -> None:
    reply = ask(advisor, "which degree do I need, and what's the salary?")
    assert reply.intents == ("education", "salary")
    assert reply.text.index("bachelor") < reply.text.index("123,558")


@pytest.mark.parametrize("message, intents", [
    ("what do they do all day and how much do they make", ("responsibilities", "salary")),
    ("how do i get into it, and is demand growing?", ("getting_started", "outlook")),
])
def test_each_clause_that_asks_a_topic_is_answered(advisor, message, intents) -> None:
    assert ask(advisor, message).intents == intents


def test_a_pay_figure_with_a_comma_is_not_split_into_clauses(advisor) -> None:
    reply = ask(advisor, "I earn $105,000 as a practice manager, how does that compare to the median for this job?")
    assert reply.intents == ("salary",)
    assert "$18,558" in reply.text


# --- small talk ----------------------------------------------------------------------------------

@pytest.mark.parametrize("message, intent, start", [
    ("hi", "greeting", f"Hi! I answer questions about the {TITLE} career."),
    ("help", "help", f"I can answer questions about the {TITLE} career."),
    ("thanks", "thanks", f"You're welcome! Ask me anything else about the {TITLE} career."),
    ("bye", "goodbye", "Goodbye, and good luck with your career plans!"),
])
def test_small_talk(advisor, message, intent, start) -> None:
    reply = ask(advisor, message)
    assert reply.intent == intent
    assert reply.intents == (intent,)
    assert reply.slots == {}
    assert reply.text.startswith(start)
    assert reply.source == ""


def test_greeting_and_help_list_every_topic(advisor) -> None:
    for message in ("hi", "help"):
        text = ask(advisor, message).text
        for _, title, question in advisor.topics():
            assert f"- {title}: \u201c{question}\u201d" in text


def test_small_talk_does_not_disturb_context(advisor) -> None:
    session = Session()
    ask(advisor, "what's the salary?", session)
    ask(advisor, "thanks", session)
    assert ask(advisor, "and weekly?", session).text == "The median salary of $123,558 a year equates to $2,376 a week."


# --- bad input: never an exception ---------------------------------------------------------------

@pytest.mark.parametrize("message", ["", " ", "\t\n  \r\n"])
def test_empty_or_blank_gets_help(advisor, message) -> None:
    reply = ask(advisor, message)
    assert reply.intent == "help"
    assert reply.text.startswith(f"I can answer questions about the {TITLE} career.")


def test_very_long_message_is_answered(advisor) -> None:
    reply = ask(advisor, "what is the salary? " + "blah " * 20_000)
    assert len("blah " * 20_000) == 100_000
    assert reply.intent in TOPICS + SMALL_TALK + ("out_of_scope",)


def test_very_long_message_without_spaces_is_answered(advisor) -> None:
    ask(advisor, "x" * 100_000)


@pytest.mark.parametrize("message", [
    "sal\x00ary\x07 per\x1b[31m hour\x7f",
    "\x00\x01\x02\x03",
    "what is the salary?\u200b\u202e\ufeff",
    "\U0001f937\u200d\u2640\ufe0f",
    "\U0001f937\u200d\u2640\ufe0f salary?",
    "\u0643\u0645 \u0627\u0644\u0631\u0627\u062a\u0628\u061f",
    "\u05de\u05d4 \u05d4\u05de\u05e9\u05db\u05d5\u05e8\u05ea?",
    "<b>x</b><iframe>",
    "<script>alert('salary')</script>",
    "'; DROP TABLE users; --",
    "{{7*7}} ${jndi:ldap://x} %s%s%n",
    "\udcff lone surrogate",
    "?!.,;:" * 50,
    "1234567890",
    "$$$$$$",
])
def test_odd_input_gets_a_normal_reply(advisor, message) -> None:
    reply = ask(advisor, message)
    assert reply.intent in TOPICS + SMALL_TALK + ("out_of_scope",)
    assert "Traceback" not in reply.text


@pytest.mark.parametrize("message", ["<b>x</b><iframe>", "'; DROP TABLE users; --"])
def test_markup_and_sql_are_declined_and_not_echoed(advisor, message) -> None:
    reply = ask(advisor, message)
    assert reply.intent == "out_of_scope"
    assert "<iframe>" not in reply.text and "DROP TABLE" not in reply.text


def test_emoji_alone_is_declined(advisor) -> None:
    assert ask(advisor, "\U0001f937\u200d\u2640\ufe0f").intent == "out_of_scope"


def test_control_characters_do_not_hide_the_question(advisor) -> None:
    reply = ask(advisor, "what is the\x00 salary\x07?")
    assert reply.intent == "salary"
    assert "$123,558" in reply.text


# --- Session persistence -------------------------------------------------------------------------

def test_session_round_trip_keeps_the_context(advisor) -> None:
    session = Session()
    ask(advisor, "what's the salary?", session)
    data = session.to_dict()
    assert data["last_intent"] == "salary"
    restored = Session.from_dict(data)
    assert restored == session
    assert restored.to_dict() == data
    assert ask(advisor, "and weekly?", restored).text == "The median salary of $123,558 a year equates to $2,376 a week."


def test_session_dict_is_plain_json(advisor) -> None:
    import json

    session = Session()
    ask(advisor, "what are the pros?", session)
    data = json.loads(json.dumps(session.to_dict()))
    assert ask(advisor, "what is bad about it?", Session.from_dict(data)).slots == {"side": "cons"}


@pytest.mark.parametrize("data", [{}, {"bogus": 1}, {"last_intent": "salary", "bogus": [1, 2]}])
def test_from_dict_ignores_unknown_fields(advisor, data) -> None:
    session = Session.from_dict(data)
    assert isinstance(session, Session)
    ask(advisor, "and weekly?", session)


GARBAGE = [
    None,
    "garbage",
    [1, 2, 3],
    42,
    {"turns": "x"},
    {"last_intent": "salary", "last_slots": None},
    {"last_intent": "salary", "last_slots": [1, 2]},
    {"last_intent": 5, "turns_since_topic": "soon"},
    {"last_intent": "salary", "recent_levels": "starting"},
    {"last_intent": "salary", "recent_levels": [1, None]},
]


@pytest.mark.parametrize("data", GARBAGE, ids=repr)
def test_from_dict_on_garbage_gives_a_usable_session(advisor, data) -> None:
    session = Session.from_dict(data)
    assert isinstance(session, Session)
    for message in ("and weekly?", "go on", "what is the salary?"):
        ask(advisor, message, session)


# --- topic_reply ---------------------------------------------------------------------------------

TOPIC_TEXT = {
    "overview": f"A {TITLE} is a highly trained senior-level official",
    "salary": "$123,558 a year",
    "responsibilities": "- Hiring new staff",
    "skills": "flexibility, quick critical thinking",
    "education": "four-year bachelor's degree",
    "pros_cons": "Pros:\n- A six-figure salary",
    "getting_started": "5 to 10 years of healthcare work experience",
    "outlook": "grow by 23 percent",
}


def test_topic_text_covers_every_topic() -> None:
    assert set(TOPIC_TEXT) == set(TOPICS)


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_reply(advisor, topic) -> None:
    session = Session()
    reply = advisor.topic_reply(topic, session)
    assert reply.intent == topic
    assert reply.intents == (topic,)
    assert reply.confidence == 1.0
    assert TOPIC_TEXT[topic] in reply.text
    assert session.last_intent == topic


def test_topic_reply_with_slots_and_then_a_followup(advisor) -> None:
    session = Session()
    assert "$59 an hour" in advisor.topic_reply("salary", session, {"period": "hourly"}).text
    assert "$2,376 a week" in ask(advisor, "and weekly?", session).text


def test_topic_reply_rejects_an_unknown_topic(advisor) -> None:
    with pytest.raises(ValueError, match="unknown topic 'weather'"):
        advisor.topic_reply("weather")
    with pytest.raises(ValueError):
        advisor.topic_reply("greeting")


# --- suggestions and sources ---------------------------------------------------------------------

QUESTIONS = {
    "overview": f"what does a {TITLE} do?",
    "salary": "what's the salary?",
    "responsibilities": "what are the responsibilities?",
    "skills": "what skills do I need?",
    "education": "which degree is required?",
    "pros_cons": "what are the pros and cons?",
    "getting_started": "how do I become one?",
    "outlook": "what are the job prospects?",
}


@pytest.mark.parametrize("topic", TOPICS)
def test_suggestions_are_new_questions(advisor, topic) -> None:
    reply = ask(advisor, QUESTIONS[topic])
    assert reply.intent == topic
    assert 2 <= len(reply.suggestions) <= 3
    assert len(set(reply.suggestions)) == len(reply.suggestions)
    own = advisor.intents.intents[topic].question
    assert own not in reply.suggestions
    for suggestion in reply.suggestions:
        assert suggestion.rstrip("?").lower() != QUESTIONS[topic].rstrip("?").lower()


@pytest.mark.parametrize("question, not_suggested", [
    ("what is the starting salary?", "What is the starting salary?"),
    ("how much do bonuses and benefits add?", "How much with bonuses and benefits?"),
    ("what's the pay per hour?", "What is that per hour?"),
])
def test_salary_suggestions_skip_the_figure_just_given(advisor, question, not_suggested) -> None:
    reply = ask(advisor, question)
    assert 2 <= len(reply.suggestions) <= 3
    assert not_suggested not in reply.suggestions


@pytest.mark.parametrize("message", ["hi", "tell me a joke", "what does a nurse practitioner earn"])
def test_suggestions_after_small_talk_and_declines(advisor, message) -> None:
    reply = ask(advisor, message)
    assert 2 <= len(reply.suggestions) <= 3


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_reply_names_its_source(advisor, topic) -> None:
    for reply in (advisor.topic_reply(topic), ask(advisor, QUESTIONS[topic])):
        assert "BestColleges" in reply.source
        assert "2023" in reply.source
        assert reply.source == "Source: BestColleges, \u201cJob Profile: Director of Clinical Operations\u201d, updated March 28, 2023."


def test_reply_to_dict_is_what_adapters_render(advisor) -> None:
    reply = ask(advisor, "what's the pay per hour?")
    data = reply.to_dict()
    assert set(data) == {"text", "intent", "intents", "confidence", "slots", "suggestions", "source"}
    assert data["intent"] == "salary" and data["intents"] == ["salary"] and data["slots"] == {"period": "hourly"}
    assert 0 < data["confidence"] <= 1


def test_careers_and_topics(advisor) -> None:
    assert advisor.careers == [TITLE]
    assert [topic for topic, _, _ in advisor.topics()] == list(TOPICS)


def test_every_suggested_question_works_in_a_fresh_conversation(advisor) -> None:
    """Buttons can be pressed long after their answer, so each suggestion must stand on its own."""
    suggestions = set()
    for topic in TOPICS:
        for slots in ({}, {"level": "starting"}, {"level": "total"}, {"period": "hourly"}, {"side": "pros"}, {"side": "cons"}):
            suggestions.update(advisor.topic_reply(topic, Session(), slots).suggestions)
    for small_talk in ("hi", "help", "thanks"):
        suggestions.update(advisor.reply(small_talk, Session()).suggestions)
    menu = {question: topic for topic, _, question in advisor.topics()}
    expected = {**menu, "What is the starting salary?": "salary", "What is the total pay with bonuses and benefits?": "salary",
                "What is the hourly pay?": "salary", "What are the downsides of the job?": "pros_cons", "What are the upsides of the job?": "pros_cons"}
    assert suggestions <= set(expected)
    for question in suggestions:
        assert advisor.reply(question, Session()).intent == expected[question], question


# --- from the forty-third to fifty-first held-out sets ------------------------------------------

@pytest.mark.parametrize("question, intent", [
    ("What education do you need to become a director of clinical operations?", "education"),  # the path is only the purpose
    ("Which courses should a prospective director take?", "education"),  # a prospective director is ours
    ("What are the principal drawbacks of the role?", "pros_cons"),  # principal is not a school principal here
    ("WHO TRAINS THE NEW NURSES AND STAFF THERE", "responsibilities"),  # nurses trained are colleagues
    ("am i cooked if i'm bad at thinking on the fly", "skills"),  # cooked is slang, not a cook
    ("do I need to be a doctor to do this?", "education"),
    ("Am I speaking with a person or an automated assistant?", "help"),
    ("is there a certification worth getting", "getting_started"),  # the profile names cHAP under how to become one
    ("🙏", "thanks"),
])
def test_phrasings_from_the_later_sets(advisor, question: str, intent: str) -> None:
    assert ask(advisor, question).intent == intent


@pytest.mark.parametrize("messages, intent, said", [
    (("hourly for a clin ops director?",), "salary", "$59 an hour"),  # a pay period beats an example sharing only the name
    (("what do clinical ops directors make",), "salary", "$123,558"),
    (("I make 140k",), "salary", "$16,442 above the median of $123,558"),  # a stated pay alone is compared
    (("My daughter was offered 150k for her first director job. Is that good?",), "salary", "$150,000"),
    (("I'm an operations manager at a clinic in Texas and I make 105k a year.",), "salary", "$105,000"),  # where the asker works
    (("what do you do?",), "help", "I can answer questions"),
    (("is this like a hospital COO?",), "overview", "CEO"),  # another job ours is likened to, not the job asked about
    (("is this basically like being a nurse manager?",), "overview", "senior-level official"),  # likened, not "what's it like being one"
    (("I'm a nurse manager earning 130k. Would becoming a clinical ops director mean more money?",), "salary",
     "$6,442 above the median"),  # beside a stated pay, the pay comparison comes first
    (("am I the one deciding who gets brought onto the team",), "responsibilities", "Hiring new staff"),  # pictures the job
    (("I keep hearing AI is going to eat every admin job. before I commit two years to a master's program I kind of need to know: "
      "are healthcare management roles like this actually growing, or shrinking?",),
     "outlook", "23 percent"),  # the degree only sets the scene for the question
    (("what if I do an MBA first, worth the money?",), "education", "MBA"),  # "what if I" asks about the degree
    (("what do nurses make, no wait, I meant directors of clinical operations",), "salary", "$123,558"),  # corrected to ours
    (("Per month, what do the highest-earning experienced directors make?",), "salary", "$171,751"),  # our own title, described
    (("ok great, thanks for that",), "thanks", "You're welcome"),
    (("do they have to be physicians",), "education", "bachelor's degree"),  # asks whether ours requires the job
    (("Are they in charge of drawing up backup plans in case things go wrong?",), "responsibilities", "contingency plans"),  # the object
    (("wht r they in charge of",), "overview", "senior-level official"),  # nothing named after the frame
    (("would i be stuck sorting out the nurses' rotas every month",), "responsibilities", "Arranging work schedules"),  # their rotas
    (("What's the median weekly pay?", "Are you sure about that? It seems low for a director."), "salary", "BestColleges"),
    (("What's the employment outlook?", "Is that still true? That estimate only went up to 2022."), "outlook", "BestColleges"),
    (("w/ benefits?",), "salary", "$174,437"),  # shorthand with a slash read as a word
    (("what's the projected growth rate?", "through when?"), "outlook", "2022"),
    (("who would I have to work alongside and get along with",), "skills",
     "physicians, nurses, researchers, insurance representatives and equipment sales teams"),  # the skill the question names, with its reason
    (("Do all hospitals ask for the same qualifications?",), "education", "Requirements vary greatly from hospital to hospital"),
    (("how do i get into this", "how many years are we talking"), "getting_started", "5 to 10 years"),
    (("degree wise what am I looking at", "and after that?"), "getting_started", "5 to 10 years"),  # after the degree, the next steps
    (("wat wud i get paid evry week",), "salary", "$2,376 a week"),  # "would I get" imagines the job: not the asker's own pay
    (("is it closer to a nurse manager or a hospital CEO?",), "overview", "report directly to the CEO"),  # both jobs describe ours
    (("whats the difference between this and a director of nursing",), "overview", "report directly to the CEO"),  # not the pay gap
    (("would this be closer to a nurse manager or to a hospital CEO?",), "overview", "report directly to the CEO"),
    (("how much school r we talkin",), "education", "bachelor's degree"),  # its own phrase beats an example sharing only the frame
    (("what do they make", "And after many years of experience?"), "salary", "$171,751"),  # a pay level of the last answer
    (("How fast is employment in this area expected to grow?", "and by when?"), "outlook", "2022"),
    (("what would I be making in my first year in the chair versus after a decade or so?",), "salary", "$88,408"),  # earning at a level
    (("What's the median salary?", "that seems low. I heard directors make 200k+"), "salary", "$200,000"),  # our title after a verb
    (("am I gonna be rolling in it or just comfortable?",), "salary", "$123,558"),  # imagining the job, not asking about pay now
    (("how much weekly?",), "salary", "$2,376 a week"),  # a pay word and its period, however terse
    (("whats a clinicl opps directr",), "overview", "senior-level official"),
    (("what's the median", "what about the bottom 10%"), "salary", "$88,408"),  # a percentile, not a foreign word
    (("I got offered 110k for a clinical ops director job. is that any good?",), "salary", "$110,000"),
    (("what do the og directors at big multi-site systems make",), "salary", "$171,751"),  # OG directors are ours
    (("how would a nurse manager work their way up to this", "how long does that take"), "getting_started", "5 to 10 years"),
    (("whats the job outlook like", "is that good?"), "outlook", "23 percent"),  # about that outlook, not a skill
    (("yo what they make",), "salary", "$123,558"),  # a greeting gives way to a four-word question
    (("who would I be working alongside regularly, only doctors?",), "skills", "physicians, nurses"),  # the doctors are colleagues
    (("Hello, I am from Brazil and I am nurse. I want to know what studies I need for this director job.",), "education",
     "bachelor's degree"),  # where the asker lives; the degree does not depend on it
    (("what's the hourly", "what's it for a year then"), "salary", "$123,558 a year"),  # a pay period of the last answer
    (("i got offered 130k as a clin ops director", "is that above avg for someone brand new"), "salary", "$41,592 above the starting pay"),
    (("We're a single-income household and my son is asking whether he should take out loans for a master's. He's aiming for clinical "
      "operations director eventually, and before I co-sign anything I want to know what the job typically pays per year.",),
     "salary", "$123,558"),  # the sentence that says it asks counts most, not the loans of the background
    (("For a fresher director just promoted, what is the starting package?",), "salary", "$88,408"),  # a fresher director is ours
    (("is this career worth getting into",), "pros_cons", "Pros"),  # its own phrase beats "how do I get into this career"
    (("what do nurses make", "great, thank you"), "thanks", "You're welcome"),  # not more about nurses: "great" is not their upside
    (("what's the median salary", "wow. what about right at the start?"), "salary", "$88,408"),  # an interjection is not a new subject
    (("what's the median salary", "what about once I've been in the role for years?"), "salary", "$171,751"),
    (("what's the median salary", "and once you've got 15+ years under your belt?"), "salary", "$171,751"),
    (("im at 130k now as an associate director, would taking a median-paying director job be a pay cut?",), "salary",
     "$130,000"),  # the asker's own pay and job, and a median-paying director job is ours
    (("DO I HAVE TO SIT IN MEETINGS WITH DOCTORS ALL DAY",), "responsibilities", "Planning"),  # pictures the job: not the asker's diary
    (("Which organization projected the employment growth for medical directors?",), "outlook", "Bureau of Labor Statistics"),  # its own figure
    (("what do nurses make", "ok back to the director, what about later in their career"), "salary", "$171,751"),
    (("In my country we not have this job title. Please describe me what is it.",), "overview", "senior-level official"),
    (("what do nurses make", "ok forget that. what skills does the director need?"), "skills", "flexibility"),
    (("are they the ones making sure the hospital sticks to safety rules",), "overview", "regulatory"),  # making sure, not making money
    (("When someone is just promoted, what salary does he receive at the beginning?",), "salary", "$88,408"),  # not "when do I get paid"
    (("I am engineer from abroad, please explain what means the director of clinical operations job.",), "overview", "senior-level official"),
    (("does it matter which college I did my undergrad at",), "education", "accredited"),  # the asker's qualifications, not private affairs
    (("Good evening. I would be grateful if you could describe what a director of clinical operations does.",), "overview",
     "senior-level official"),  # a polite request asks; its "grateful" is not thanks
    (("Dear Sir or Madam, could you kindly explain what this directorship involves?",), "overview", "senior-level official"),
    (("is the cost of the schooling one of the downsides?",), "pros_cons", "time and money invested in education"),  # the cons weigh it
    (("this director, he is doctor or manager?",), "overview", "senior-level official"),  # what kind of job ours is
    (("what do nurse managers make", "ok, and directors late in their career?"), "salary", "$171,751"),  # the bare title is ours again
    (("i make 40 an hour as a nurse, is the director pay better?",), "salary", "$40 an hour"),  # the asker's own hourly pay and job
    (("my dad is a pharmacist and he says I should ask, but whatever, or not: how much does a director of clinical operations earn?",),
     "salary", "$123,558"),  # an "or" far from the other job compares nothing
    (("who decides which nurse works which shift?",), "responsibilities", "Arranging work schedules"),  # the staff rostered
    (("what's the pay", "and how do I get started"), "getting_started", "5 to 10 years"),  # "started" inside a path phrase is no pay level
])
def test_answers_learned_from_the_later_sets(advisor, messages: tuple[str, ...], intent: str, said: str) -> None:
    reply = ask_after(advisor, *messages)
    assert reply.intent == intent
    assert said in reply.text


@pytest.mark.parametrize("messages", [
    ("salary 4 pharmacist",),
    ("How does someone become a medical practice manager?",),
    ("hourly pay for clinical ops directors?", "and registered nurses, hourly?"),
    ("What is the weekly pay?", "How does that compare with a travel nurse's weekly pay on a hospital contract?"),
    ("my cousin is clinical director at a mental health nonprofit, what would someone like her get paid?",),
    ("what does a health insurance underwriter take home monthly",),
    ("Is the job outlook good for medical coders?",),  # not corrected to "covers", a word our phrasings use
    ("Un médico en México cuánto gana? Doctor salary in Mexico.",),  # a doctor in Spanish, not "Mexico" twice
    ("whats the starting pay for a new grad DPT",),
    ("is a career as a medical lab scientist worth it, pay-wise?",),  # "a career as" names the job asked about
    ("ONCOLOGIST SALARY",),
    ("who earns more with a masters, nurses or doctors?",),  # no subject of its own: not the people one works with
    ("My son's now leaning toward director of nursing instead. What does that pay?",),
    ("How much do operations managers in the manufacturing sector earn?",),
    ("What's a hospital CIO's salary?",),
    ("how much do biostatisticians earn per hour",),
    ("Imagine I went the veterinarian route instead. What would the pay look like?",),  # the imagined job is the one asked about
    ("I heard dental hygienists make bank. True or nah?",),  # the question only asks whether the sentence before it is true
    ("does a hotel director of operations make good money",),
    ("how much does a practice manager make before moving up?",),  # the stepping stone's own pay, asked outright
    ("What does an operations director in the retail sector typically earn?",),
])
def test_other_jobs_named_in_new_ways_are_declined_without_figures(advisor, messages: tuple[str, ...]) -> None:
    reply = ask_after(advisor, *messages)
    assert reply.intent == "out_of_scope" and reply.match.reason == "other_career"
    assert not any(figure in reply.text for figure in OUR_FIGURES)


def test_each_part_of_a_terse_two_part_message_is_answered(advisor) -> None:
    reply = ask(advisor, "STRESS? MONEY?")
    assert reply.intents == ("pros_cons", "salary")
    assert "$123,558" in reply.text


@pytest.mark.parametrize("question, intent", [
    ("who would I be answering to if I landed this job?", "overview"),  # landing the job only sets the scene
    ("what do i need to do if i want to land this job", "getting_started"),  # nothing else asked: landing it is the question
])
def test_a_path_word_after_if_sets_the_scene(advisor, question: str, intent: str) -> None:
    assert ask(advisor, question).intent == intent


def test_starting_pay_is_not_a_greeting(advisor) -> None:
    reply = ask(advisor, "starting pay?")
    assert reply.intents == ("salary",)
    assert not reply.text.startswith("Hi")
    assert "$88,408" in reply.text


@pytest.mark.parametrize("follow_up", ["and once you've been at it a long time?", "and after 15 years or so?", "and further into the career?"])
def test_a_later_career_follow_up_gets_late_career_pay(advisor, follow_up: str) -> None:
    reply = ask_after(advisor, "what do new directors start at", follow_up)
    assert reply.intent == "salary" and reply.slots.get("level") == "senior"
    assert "$171,751" in reply.text


@pytest.mark.parametrize("question", [
    "both directors of nursing and clinical ops directors run staff, but what does a director of nursing get paid?",
    "I'm torn between clinical ops director and physical therapist. what does a PT make?",
    "what's it like being an EMT, is it stressful",
])
def test_the_job_a_question_is_about_is_declined_even_next_to_ours(advisor, question: str) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope"
    assert not any(figure in reply.text for figure in OUR_FIGURES)


def test_a_place_with_another_topic_gets_the_us_caveat_without_pay(advisor) -> None:
    reply = ask(advisor, "what degree do i need in germany")
    assert reply.intent == "out_of_scope"
    assert "US job market" in reply.text
    assert not any(figure in reply.text for figure in OUR_FIGURES)


@pytest.mark.parametrize("question", ["I'm from India, what's the pay?", "im from nigeria is the job growing there"])
def test_where_the_asker_lives_still_matters_for_pay_and_demand(advisor, question: str) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope" and reply.match.reason == "unsupported"


@pytest.mark.parametrize("question, detail", [
    ("what percentage raise do they usually get each year", "raises"),
    ("How many weeks of paid annual leave do these directors normally receive?", "time off"),
    ("how much did this role pay back in 2010", "past figures"),
    ("Would I need to keep my RN license active once I'm in this role?", "licence upkeep"),
])
def test_raises_leave_and_licence_upkeep_are_details_the_profile_lacks(advisor, question: str, detail: str) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope" and reply.match.detail == detail


def test_the_hiring_process_is_a_detail_the_profile_lacks(advisor) -> None:
    reply = ask(advisor, "How long does the hiring process for this role usually take?")
    assert reply.intent == "out_of_scope" and reply.match.detail == "hiring process"


def test_software_is_a_detail_the_profile_lacks(advisor) -> None:
    reply = ask(advisor, "what software do they use day to day, epic?")
    assert reply.intent == "out_of_scope" and reply.match.detail == "software"
    assert "doesn't name the software" in reply.text


def test_a_greeting_with_an_introduction_and_no_question_is_a_greeting(advisor) -> None:
    assert ask(advisor, "Hello! I'm a school counselor with a few questions about a career.").intent == "greeting"
    reply = ask(advisor, "hi, I want to know the starting salary")
    assert reply.intent == "salary" and "$88,408" in reply.text


# --- from the seventy-sixth held-out set on ------------------------------------------------------

@pytest.mark.parametrize("question", ["how 2 get hired as a medical scribe", "what's it like to get hired as a pharmacist"])
def test_a_job_one_would_be_hired_as_is_the_job_asked_about(advisor, question: str) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "out_of_scope" and reply.match.reason == "other_career"


def test_programme_length_and_credential_upkeep_are_details_the_profile_lacks(advisor) -> None:
    for question in ("How many years does an MHA program take to finish?",
                     "How many continuing education hours are needed to keep the cHAP credential current?"):
        reply = ask(advisor, question)
        assert reply.intent == "out_of_scope" and reply.match.reason == "unsupported", question
        assert "accredited institution" in reply.text


def test_the_jobs_one_might_report_to_are_not_the_job_asked_about(advisor) -> None:
    reply = ask(advisor, "To whom this director is reporting, to the CEO or to some senior doctor?")
    assert reply.intent == "overview" and "report directly to the CEO" in reply.text


def test_each_part_of_an_outlook_and_late_career_pay_question_is_answered(advisor) -> None:
    reply = ask(advisor, "what's the long-term outlook like and what do people make late in their career")
    assert reply.intents == ("outlook", "salary")
    assert "23 percent" in reply.text and "$171,751" in reply.text


@pytest.mark.parametrize("question", [
    "sorry my english not good, this job is doctor or office person?",
    "clinical ops director - manager or clinician?",
    "THIS IS AN ADMIN JOB RIGHT?? NOT A DOCTOR JOB??",
])
def test_asking_what_kind_of_job_ours_is_gets_the_overview(advisor, question: str) -> None:
    reply = ask(advisor, question)
    assert reply.intent == "overview" and "senior-level official" in reply.text


def test_choosing_between_two_other_jobs_is_declined(advisor) -> None:
    reply = ask(advisor, "Is it smarter to become a data analyst or a software engineer?")
    assert reply.intent == "out_of_scope"


def test_an_introvert_asking_about_fit_hears_that_it_suits_extroverts(advisor) -> None:
    reply = ask(advisor, "I'm an introvert, would I hate this?")
    assert reply.intent == "pros_cons" and "ideal for extroverts" in reply.text


def test_the_difference_between_two_other_jobs_is_declined(advisor) -> None:
    reply = ask(advisor, "what's the difference between a nurse manager and a director of nursing")
    assert reply.intent == "out_of_scope"
    assert not any(figure in reply.text for figure in OUR_FIGURES)


@pytest.mark.parametrize("follow_up", ["and what does that person usually make?", "how much does their boss earn"])
def test_the_boss_just_named_is_another_career(advisor, follow_up: str) -> None:
    reply = ask_after(advisor, "who's their boss?", follow_up)
    assert reply.intent == "out_of_scope" and "CEO" in reply.text
    assert not any(figure in reply.text for figure in OUR_FIGURES)


def test_he_after_asking_about_the_boss_can_still_be_the_director(advisor) -> None:
    reply = ask_after(advisor, "And his boss is who?", "how much he earn?")
    assert reply.intent == "salary" and "$123,558" in reply.text
