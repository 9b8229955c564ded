# The dates BackCare shows in Russian (settings.FORMAT_MODULE_PATH): "6 декабря 2026 г.",
# the month in the genitive ("E"), as Russian writes a date.
DATE_FORMAT = "j E Y г."
MONTH_DAY_FORMAT = "j E"
SHORT_DATETIME_FORMAT = "D, j E, H:i"
