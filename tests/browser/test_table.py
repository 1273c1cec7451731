"""The data table in the browser: search, sort and page on the server, in the URL, and every number's provenance by keyboard."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from components.text import t
from components.web import ids
from tests.browser.conftest import console_errors, table_column, wait_until, wait_until_idle


def rows_shown(duo):
    return duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.FACTS_TABLE} .fact-link")


def test_search_and_sort_are_done_on_the_server_and_kept_in_the_url(dashboard):
    search = dashboard.find_element(f"#{ids.FACTS_TABLE_SEARCH}")
    search.send_keys("收入", Keys.ENTER)
    wait_until(lambda: "q=" in dashboard.driver.current_url, message="the search in the URL")
    status = dashboard.find_element(f"#{ids.FACTS_TABLE} .table-status").text
    assert "收入" in status
    assert all("收入" in " ".join(row) for row in zip(table_column(dashboard, "indicator"), table_column(dashboard, "source_quote")))
    dashboard.find_element(f"#{ids.FACTS_TABLE} [data-sort-column='value']").click()
    wait_until(lambda: "sort=value.asc" in dashboard.driver.current_url, message="the sort in the URL")
    header = dashboard.find_element(f"#{ids.FACTS_TABLE} th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    # The permalink reopens the table as it was.
    url = dashboard.driver.current_url
    dashboard.driver.get(url)
    wait_until_idle(dashboard)
    assert dashboard.find_element(f"#{ids.FACTS_TABLE_SEARCH}").get_attribute("value") == "收入"
    assert dashboard.find_element(f"#{ids.FACTS_TABLE} th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert console_errors(dashboard) == []


def test_a_keyboard_reaches_every_row_s_provenance_and_pages(dashboard):
    first = rows_shown(dashboard)[0]
    first_id = first.get_attribute("data-fact-id")
    first.send_keys(Keys.ARROW_DOWN)
    second = rows_shown(dashboard)[1]
    assert dashboard.driver.switch_to.active_element == second
    second.send_keys(Keys.ENTER)
    fact_id = second.get_attribute("data-fact-id")
    wait_until(lambda: dashboard.find_element(f"#{ids.PROVENANCE_PANEL} h3").get_attribute("data-fact-id") == fact_id,
               message="the panel to show the row's fact")
    pager = dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.FACTS_TABLE} .table-pager button")
    assert [b.get_attribute("aria-label") for b in pager][2] == t("table.page_next_label", "zh", page=2)
    pager[2].send_keys(Keys.ENTER)
    wait_until(lambda: t("table.page_of", "zh", page=2, pages=5)[:4] in dashboard.find_element(f"#{ids.FACTS_TABLE} .table-position").text,
               message="the second page")
    assert rows_shown(dashboard)[0].get_attribute("data-fact-id") != first_id
    assert console_errors(dashboard) == []
