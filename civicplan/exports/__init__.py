"""Plans and progress as spreadsheets (CSV, XLSX), and progress updates read from them.

Writers turn a plan or its progress history into CSV or XLSX for whoever asks, showing only
what that person may see; the upload reads a CSV or XLSX of progress updates, checks every
row and saves all of them or none.
"""
