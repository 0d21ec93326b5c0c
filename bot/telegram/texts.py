"""What the bot says besides answers, in Arabic and in English, and how it picks the language of a chat.

Every phrase has both versions. A message gets the language of the text it answers (Arabic letters:
Arabic; Latin letters: English); a bare command gets the user's Telegram language; with neither known
the bot says both, Arabic first. Phrases are plain text (no markup), isolated for direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Chat, Message, User
from telegram.constants import ChatType

from bot.telegram.direction import ARABIC_LETTER, LATIN_LETTER, line
from retrieval import IsnadError, QuestionTooLong, StoreUnavailable

_COMMAND_OR_MENTION = re.compile(r"(?:^|\s)[/@]\w+(?:@\w+)?")


def language_of(text: str | None, user: User | None = None) -> str | None:
    """`ar` or `en` for a chat where `user` wrote `text`, or None when nothing says which."""
    words = _COMMAND_OR_MENTION.sub(" ", text or "")
    if ARABIC_LETTER.search(words):
        return "ar"
    if LATIN_LETTER.search(words):
        return "en"
    code = (user.language_code or "") if user else ""
    if code:
        return "ar" if code.lower().startswith("ar") else "en"
    return None


def language_of_message(message: Message) -> str | None:
    """The language to answer `message` in."""
    return language_of(message.text, message.from_user)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One thing the bot says, in both languages; `{name}` fields are filled in when it is said."""

    ar: str
    en: str

    def __call__(self, language: str | None, **values: object) -> str:
        """The phrase in `language` (both, Arabic first, when None), each line isolated for direction."""
        ar = line(self.ar.format(**values), "ar")
        en = line(self.en.format(**values), "en")
        if language == "ar":
            return ar
        if language == "en":
            return en
        return f"{ar}\n\n{en}"


EXAMPLE_QUESTIONS = (
    "لماذا زار رئيس الأركان السوري موسكو؟",
    "When did al-Sharaa visit Moscow?",
    "ما مستقبل القواعد الروسية في سوريا؟",
)
_EXAMPLES = "\n".join(f"• {question}" for question in EXAMPLE_QUESTIONS)

GREETING = Phrase(
    "مرحبًا! أجيب عن الأسئلة من مقالات إخبارية عربية، بالعربية أو بالإنجليزية، وأذكر لكل جواب المقالة "
    f"والجملة وتاريخ النشر.\n\nجرّب:\n{_EXAMPLES}",
    "Hello! I answer questions, in Arabic or English, from Arabic news articles and cite the article, "
    f"the sentence and the date.\n\nTry:\n{_EXAMPLES}",
)
HELP = Phrase(
    "اكتب سؤالك بالعربية أو بالإنجليزية.\n\n"
    "/sources — المقالات\n"
    "/timeline الموضوع — الأحداث المؤرخة عن موضوع\n"
    "/latest — أحدث المقالات الواصلة\n"
    "/reset — بدء محادثة جديدة\n"
    "/ask السؤال — للسؤال في المجموعات\n\n"
    "في المجموعات أجيب عن /ask وعن الرسائل التي تذكرني أو ترد عليّ. "
    "ويمكنك كتابة @{username} ثم سؤالك في أي محادثة لإرسال الجواب فيها.",
    "Ask in Arabic or English.\n\n"
    "/sources — the articles\n"
    "/timeline TOPIC — dated events about a topic\n"
    "/latest — articles that arrived recently\n"
    "/reset — forget this conversation\n"
    "/ask QUESTION — ask in a group\n\n"
    "In groups I answer /ask, messages that mention me and replies to my messages. "
    "In any chat, type @{username} and a question to send the answer there.",
)
ASK_USAGE = Phrase("اكتب السؤال بعد /ask.", "Put your question after /ask.")
TIMELINE_USAGE = Phrase(
    "اكتب الموضوع بعد /timeline، مثلًا: /timeline القواعد الروسية",
    "Put a topic after /timeline, e.g. /timeline Russian bases",
)
EMPTY_QUESTION = Phrase("لم أجد سؤالًا في رسالتك.", "I found no question in your message.")
TEXT_ONLY = Phrase("أقرأ الأسئلة المكتوبة فقط.", "I can only read questions written as text.")
UNKNOWN_COMMAND = Phrase("لا أعرف هذا الأمر؛ جرّب /help.", "I don't know that command; try /help.")
RESET_DONE = Phrase("بدأنا محادثة جديدة.", "Conversation cleared.")
NOT_ALLOWED_USER = Phrase(
    "عذرًا، هذا البوت خاص. رقمك في تيليجرام {id}: أرسله إلى صاحب البوت ليسمح لك.",
    "Sorry, this bot is private. Your Telegram id is {id}: send it to the bot's owner to ask for access.",
)
NOT_ALLOWED_GROUP = Phrase(
    "عذرًا، هذا البوت غير مفعّل في هذه المجموعة. رقم المجموعة {id}: أرسله إلى صاحب البوت ليسمح لها.",
    "Sorry, this bot is not enabled in this group. The group's id is {id}: send it to the bot's owner "
    "to ask for access.",
)
SLOW_DOWN = Phrase(
    "مهلًا قليلًا: بلغتَ حدّ الأسئلة في الدقيقة ({limit}). انتظر {seconds} ث ثم اسأل مجددًا.",
    "Please slow down: at most {limit} questions a minute. Ask again in {seconds} s.",
)
TOO_LONG = Phrase(
    "السؤال طويل جدًا: عدد أحرفه {length}، والحد الأقصى {limit}.",
    "The question is too long ({length} characters); the limit is {limit}.",
)
UNAVAILABLE = Phrase(
    "الخدمة غير متاحة مؤقتًا؛ حاول بعد قليل.", "The service is temporarily unavailable; please try again shortly."
)
# The detail is the library's message, in English: the Arabic version leaves it out (it is logged).
CANNOT_ANSWER = Phrase("تعذّرت الإجابة الآن؛ حاول لاحقًا.", "I cannot answer right now: {detail}")
APOLOGY = Phrase("عذرًا، حدث خطأ ما. حاول مرة أخرى.", "Sorry, something went wrong. Please try again.")
NO_SOURCES = Phrase("لا توجد مقالات بعد.", "No articles are indexed yet.")
NO_EVENTS = Phrase("لم أجد أحداثًا مؤرخة عن هذا الموضوع.", "I found no dated events about this topic.")
ADMINS_ONLY = Phrase(
    "عذرًا، إضافة المقالات والمصادر لمشرفي البوت فقط. يمكنك طرح الأسئلة كالمعتاد.",
    "Sorry, only the bot's administrators can add articles and feeds. You can still ask questions.",
)
ADDING = Phrase("جارٍ الإضافة…", "Adding…")
ADDED_NOTHING = Phrase("لم تُضف أي مقالة.", "No article was added.")
ADDED_ARTICLE = Phrase(
    "أُضيفت: {title} — {date} — {outlet} — {passages} مقاطع",
    "Added: {title} — {date} — {outlet} — {passages} passages",
)
ALREADY_INDEXED = Phrase("المقالة مفهرسة من قبل ولم تتغير.", "That article is indexed already and has not changed.")
UNKNOWN_OUTLET = Phrase("مصدر غير معروف", "outlet unknown")
FEEDS_USAGE = Phrase(
    "/feeds — المصادر المتابَعة\n/feeds add الرابط — متابعة مصدر\n/feeds remove الرابط — إيقاف المتابعة",
    "/feeds — the followed feeds\n/feeds add URL — follow a feed\n/feeds remove URL — stop following it",
)
NO_FEEDS = Phrase("لا توجد مصادر متابَعة بعد.", "No feeds are followed yet.")
FEED_ADDED = Phrase(
    "تمت متابعة {url}. ستصل مقالاته مع `isnad follow`.", "Following {url}. Its articles arrive through `isnad follow`."
)
FEED_KNOWN = Phrase("{url} متابَع من قبل.", "{url} is followed already.")
FEED_REMOVED = Phrase("أُوقفت متابعة {url}.", "Stopped following {url}.")
FEED_UNKNOWN = Phrase("{url} غير متابَع.", "{url} is not followed.")
NO_LATEST = Phrase("لم تصل مقالات جديدة في الأيام السبعة الأخيرة.", "No articles arrived in the last seven days.")
MORE_IN_PRIVATE = Phrase("الجواب كاملًا: اسألني في محادثة خاصة.", "The whole answer: ask me in a private chat.")


def refusal(chat: Chat | None, user: User | None, language: str | None) -> str:
    """What a refused chat is told: the id to send to the bot's owner (the group's, or the user's own)."""
    if chat is not None and chat.type != ChatType.PRIVATE:
        return NOT_ALLOWED_GROUP(language, id=chat.id)
    return NOT_ALLOWED_USER(language, id=user.id if user else chat.id if chat else "?")


def error_text(err: IsnadError, language: str | None) -> str:
    """What to say about a library error: the limit for a long question, "temporarily unavailable" when
    the store cannot be reached (the service reconnects by itself), else the library's own message."""
    if isinstance(err, QuestionTooLong):
        return TOO_LONG(language, length=f"{err.length:,}", limit=f"{err.limit:,}")
    if isinstance(err, StoreUnavailable):
        return UNAVAILABLE(language)
    return CANNOT_ANSWER(language, detail=str(err))


# (command, English description, Arabic description) for set_my_commands
COMMANDS = (
    ("start", "Introduction and example questions", "تعريف وأمثلة على الأسئلة"),
    ("help", "How to ask", "طريقة السؤال"),
    ("ask", "Ask a question (in groups)", "اطرح سؤالًا (في المجموعات)"),
    ("sources", "The articles I answer from", "المقالات التي أجيب منها"),
    ("timeline", "Dated events about a topic", "الأحداث المؤرخة عن موضوع"),
    ("latest", "Articles that arrived recently", "أحدث المقالات الواصلة"),
    ("feeds", "Followed feeds (administrators)", "المصادر المتابَعة (للمشرفين)"),
    ("reset", "Forget this conversation", "بدء محادثة جديدة"),
)
