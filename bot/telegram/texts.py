"""What the bot says besides answers: short, in Arabic then English, HTML-safe (no markup, nothing to escape)."""

from __future__ import annotations

EXAMPLE_QUESTIONS = (
    "لماذا زار رئيس الأركان السوري موسكو؟",
    "When did al-Sharaa visit Moscow?",
    "ما مستقبل القواعد الروسية في سوريا؟",
)

GREETING = (
    "مرحبًا! أجيب عن الأسئلة من مقالات إخبارية عربية، وأذكر لكل جواب المقالة والجملة وتاريخ النشر.\n"
    "Hello! I answer questions from Arabic news articles and cite the article, the sentence and the date.\n\n"
    "جرّب / Try:\n" + "\n".join(f"• {question}" for question in EXAMPLE_QUESTIONS)
)

HELP = (
    "اكتب سؤالك بالعربية أو بالإنجليزية. / Ask in Arabic or English.\n\n"
    "/sources — المقالات / the articles\n"
    "/timeline TOPIC — الأحداث بالتاريخ / dated events about a topic\n"
    "/reset — بدء محادثة جديدة / forget this conversation\n"
    "/ask QUESTION — في المجموعات / in groups\n\n"
    "في المجموعات أجيب عن /ask وعن الرسائل التي تذكرني أو ترد عليّ.\n"
    "In groups I answer /ask, messages that mention me and replies to my messages."
)

ASK_USAGE = "اكتب السؤال بعد /ask. / Put your question after /ask."
TIMELINE_USAGE = "اكتب الموضوع بعد /timeline. / Put a topic after /timeline, e.g. /timeline القواعد الروسية"
EMPTY_QUESTION = "لم أجد سؤالًا في رسالتك. / I found no question in your message."
TEXT_ONLY = "أقرأ الأسئلة المكتوبة فقط. / I can only read questions written as text."
UNKNOWN_COMMAND = "لا أعرف هذا الأمر؛ جرّب /help. / I don't know that command; try /help."
RESET_DONE = "بدأنا محادثة جديدة. / Conversation cleared."
NOT_ALLOWED = "عذرًا، هذا البوت خاص. / Sorry, this bot is private."
SLOW_DOWN = "مهلًا قليلًا، أسئلة كثيرة في دقيقة واحدة. / Please slow down: too many questions in a minute."
UNAVAILABLE = (
    "الخدمة غير متاحة مؤقتًا؛ حاول بعد قليل. / The service is temporarily unavailable; please try again shortly."
)
APOLOGY = "عذرًا، حدث خطأ ما. حاول مرة أخرى. / Sorry, something went wrong. Please try again."
NO_SOURCES = "لا توجد مقالات بعد. / No articles are indexed yet."
NO_EVENTS = "لم أجد أحداثًا مؤرخة عن هذا الموضوع. / I found no dated events about this topic."

# (command, English description, Arabic description) for set_my_commands
COMMANDS = (
    ("start", "Introduction and example questions", "تعريف وأمثلة على الأسئلة"),
    ("help", "How to ask", "طريقة السؤال"),
    ("ask", "Ask a question (in groups)", "اطرح سؤالًا (في المجموعات)"),
    ("sources", "The articles I answer from", "المقالات التي أجيب منها"),
    ("timeline", "Dated events about a topic", "الأحداث المؤرخة عن موضوع"),
    ("reset", "Forget this conversation", "بدء محادثة جديدة"),
)
