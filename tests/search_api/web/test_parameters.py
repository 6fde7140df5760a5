"""Search parameters are checked before they reach the search: a value that cannot mean
anything is a 422 in the API's error shape and a notice on the page, never a 500.

The HTTP cases are the reproductions of issue 12 §1 (`year_to=-5` and friends answered 500
and reset the connection), against the real app over HTTP.
"""

from __future__ import annotations

import httpx
import pytest

from search_api.search import SearchRequest, SearchService
from search_api.web.parameters import InvalidParameter, search_request_from

OUT_OF_RANGE_YEARS = ["-5", "-1", "0", "4294967296", "99999999999999999999", "10000", "9" * 5000]
NOT_NUMBERS = ["abc", "1.5", "1e3", "+3", "٣", "1_000", "\x00", "20 20"]


def test_plain_values_become_the_request() -> None:
    params = {"q": "göç", "kind": "law", "year_from": " 2010 ", "year_to": "2020", "page": "3"}
    params |= {"per_page": "25", "repealed": "on", "titles": "1", "sort": "date"}
    assert search_request_from(params, per_page_max=50) == SearchRequest(
        q="göç", kind="law", year_from=2010, year_to=2020, page=3, per_page=25,
        include_repealed=True, titles_only=True, sort="date",
    )  # fmt: skip


def test_empty_values_mean_not_given() -> None:
    params = {"year_from": "", "page": " ", "per_page": "", "repealed": "", "sort": ""}
    assert search_request_from(params, per_page_max=50) == SearchRequest()


@pytest.mark.parametrize("value", OUT_OF_RANGE_YEARS + NOT_NUMBERS)
@pytest.mark.parametrize("name", ["year_from", "year_to", "page", "per_page"])
def test_numbers_outside_their_range_or_not_numbers_are_refused(name: str, value: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        search_request_from({"q": "göç", name: value}, per_page_max=50)
    assert refused.value.parameter == name


@pytest.mark.parametrize(
    ("name", "value"),
    [("per_page", "51"), ("page", "1001"), ("repealed", "maybe"), ("titles", "İ"),
     ("sort", "random"), ("group", "law"), ("translate", "2"), ("kind", "x" * 101)],
)  # fmt: skip
def test_other_unusable_values_are_refused(name: str, value: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        search_request_from({name: value}, per_page_max=50)
    assert refused.value.parameter == name


@pytest.mark.parametrize("path", ["/api/search", "/"])
@pytest.mark.parametrize("value", ["-5", "-1", "4294967296", "99999999999999999999"])
@pytest.mark.parametrize("name", ["year_from", "year_to"])
def test_years_whoosh_cannot_hold_are_a_422_on_a_kept_connection(
    http: httpx.Client, path: str, name: str, value: str
) -> None:
    response = http.get(path, params={"q": "goc", name: value})
    assert response.status_code == 422, response.text
    assert response.headers.get("connection") != "close"
    assert http.get("/healthz").status_code == 200  # the same client, still served


def test_the_api_names_the_refused_parameter_in_its_error_shape(http: httpx.Client) -> None:
    body = http.get("/api/search", params={"q": "göç", "year_to": "-5"}).json()
    assert body["error"]["code"] == "invalid_parameter"
    assert body["error"]["parameter"] == "year_to"
    assert "year_to" in body["error"]["message"] and "9999" in body["error"]["message"]


def test_the_api_says_it_in_english_when_asked(http: httpx.Client) -> None:
    turkish = http.get("/api/search", params={"q": "göç", "page": "abc"}).json()
    english = http.get("/api/search", params={"q": "göç", "page": "abc", "ui": "en"}).json()
    assert "tam sayı" in turkish["error"]["message"]
    assert "whole number" in english["error"]["message"]


@pytest.mark.parametrize(("ui", "words"), [("tr", "Arama yapılamadı"), ("en", "not run")])
def test_the_page_shows_the_form_and_says_which_value_was_refused(
    live_server: str, ui: str, words: str
) -> None:
    with httpx.Client(base_url=live_server) as own:  # the ui cookie stays with this client
        response = own.get("/", params={"q": "göç", "year_from": "abc", "ui": ui})
    assert response.status_code == 422
    assert 'id="invalid-parameter"' in response.text and words in response.text
    assert "year_from" in response.text
    assert 'name="q" value="göç"' in response.text  # the form keeps what was typed


@pytest.mark.parametrize(
    ("first", "last", "same_as"),
    [(-5, None, (1, None)), (None, 10**20, (None, 9999)), (None, -1, None),
     (4294967296, None, None), (2020, 2010, None)],
)  # fmt: skip
def test_the_search_itself_takes_any_year_bounds(
    search_service: SearchService,
    first: int | None,
    last: int | None,
    same_as: tuple[int | None, int | None] | None,
) -> None:
    """The CLI and other callers skip the web checks: Whoosh must still never see a bound
    its 32-bit field cannot hold. Beyond every year is the same as up to year 9999; a
    range that holds no year finds nothing."""
    result = search_service.search(SearchRequest(q="göç", year_from=first, year_to=last))
    if same_as is None:
        assert result.total == 0
    else:
        within = SearchRequest(q="göç", year_from=same_as[0], year_to=same_as[1])
        assert result.total == search_service.search(within).total > 0
