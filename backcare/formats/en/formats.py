# The dates BackCare shows in English (settings.FORMAT_MODULE_PATH): "6 December 2026".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATETIME_FORMAT = "D j M, H:i"
