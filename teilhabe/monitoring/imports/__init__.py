"""Reading files for the monitoring's imports: a plain library without Django.

* :mod:`.problems` — problems by row and column, as codes (texts: ``monitoring.messages``);
* :mod:`.safety` — refusing hostile or broken files within bounded memory and time;
* :mod:`.tables` — CSV and XLSX tables as columns of text;
* :mod:`.genesis` — GENESIS classic and flat exports as long records;
* :mod:`.resolve` — from text to observations: areas, periods, options, values, checks;
* :mod:`.records` — record-level lists counted into observations;
* :mod:`.rates` — published rates (the Regionalatlas file).
"""
