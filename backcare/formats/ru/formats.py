# The dates BackCare shows in Russian (settings.FORMAT_MODULE_PATH): "6 декабря 2026", the
# month in the genitive ("E"), as Russian writes a date (no "г.": the sentences around a
# date often end with a full stop of their own).
DATE_FORMAT = "j E Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATETIME_FORMAT = "D, j E, H:i"
