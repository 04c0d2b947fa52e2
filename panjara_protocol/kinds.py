"""Message kinds, the paths that carry them, and the shape of service descriptions.

Requests go to the path of their kind; the receiver refuses a kind arriving on another path, so a
signed message cannot be re-aimed at a different operation.
"""

# Portal → agency
SERVICES_DESCRIBE = "services.describe"  # answered by SERVICES_DESCRIPTION
QUERY = "query"  # answered by QUERY_RESULT
APPLICATION_SUBMIT = "application.submit"  # answered by ACK (applications issue)
# The person's answer to "more information needed": text and attachments for an open case.
APPLICATION_SUPPLEMENT = "application.supplement"  # answered by ACK
# A letter, public-information request or request for one's own data to a public body.
LETTER_SEND = "letter.send"  # answered by ACK (correspondence issue)
# The body has not answered a letter by its legal deadline (the portal's daily overdue job).
LETTER_REMINDER = "letter.reminder"  # answered by ACK

# Agency → portal (signed callbacks)
CASE_STATUS = "case.status"
CASE_ANSWER = "case.answer"
LETTER_STATUS = "letter.status"
LETTER_ANSWER = "letter.answer"

# Answers
SERVICES_DESCRIPTION = "services.description"
QUERY_RESULT = "query.result"
ACK = "ack"
ERROR = "error"

AGENCY_PATHS = {
    SERVICES_DESCRIBE: "/v1/services",
    QUERY: "/v1/query",
    APPLICATION_SUBMIT: "/v1/applications",
    APPLICATION_SUPPLEMENT: "/v1/applications/supplements",
    LETTER_SEND: "/v1/letters",
    LETTER_REMINDER: "/v1/letters/reminders",
}
PORTAL_CALLBACK_PATH = "/exchange/v1/callbacks"

# What a request must be answered with; a signed ERROR is a refusal, anything else a fault.
EXPECTED_ANSWER = {
    SERVICES_DESCRIBE: SERVICES_DESCRIPTION,
    QUERY: QUERY_RESULT,
    APPLICATION_SUBMIT: ACK,
    APPLICATION_SUPPLEMENT: ACK,
    LETTER_SEND: ACK,
    LETTER_REMINDER: ACK,
}

# The categories of R-PP-2. Agencies name one of these codes; the portal owns the labels.
CATEGORIES = (
    "personal",
    "family",
    "health",
    "social",
    "property",
    "business",
    "taxes",
    "fines",
    "education",
    "utilities",
    "transport",
    "municipality",
    "permits",
    "cofinancing",
    "debt",
    "correspondence",
)

SERVICE_TYPES = ("informational", "functional")
ASSURANCE_LEVELS = ("low", "substantial", "high")
DEADLINE_UNITS = ("calendar_days", "working_days", "months")

# Query results: "ok" with data, "not_found" when the agency holds nothing about the subject.
QUERY_STATUSES = ("ok", "not_found")
