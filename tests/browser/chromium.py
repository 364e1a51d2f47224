"""Headless Debian Chromium driven by Selenium, as every browser test starts it.

Selenium is given /usr/bin/chromedriver, else its manager tries to download a
driver (and fails without network); the profile lives in the test's scratch
directory, and downloads land there without asking.
"""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def start(work, size="1280,1600", downloads=None):
    """A headless Chromium whose profile (and downloads, when given) are under `work`."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--window-size={size}", f"--user-data-dir={os.path.join(work, 'profile')}"]:
        opts.add_argument(flag)
    if downloads:
        opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                               "download.prompt_for_download": False})
    # The page's console, so a failing test can print the script errors behind it.
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(30)
    return driver
