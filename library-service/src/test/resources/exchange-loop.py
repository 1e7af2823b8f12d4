"""Swaps two entries for each other again and again (renameat2 RENAME_EXCHANGE), as a user's code
can do in their own tree while the platform works on it. Runs until it is killed."""
import ctypes
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
first, second = (os.fsencode(p) for p in sys.argv[1:3])
print("swapping", flush=True)
while True:
    if libc.renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) != 0:
        sys.exit("renameat2: " + os.strerror(ctypes.get_errno()))
