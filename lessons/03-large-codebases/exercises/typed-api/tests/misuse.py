"""Client code of the `catalog` package, type-checked by the checks with `mypy --strict`.

Lines without a marker are correct uses: with precise types mypy must accept them.
A line marked `# expect[code]: why` is a mistake: mypy must report it with exactly that error code.
Types that are too loose (Any) let the mistakes through; types that are too strict reject the correct uses.
"""
from __future__ import annotations

from dataclasses import dataclass

from catalog import Keyed, Store, largest


@dataclass(frozen=True)
class Book:
    key: str
    title: str
    pages: int


@dataclass(frozen=True)
class Author:
    key: str
    name: str


@dataclass(frozen=True)
class Order:
    number: int


# --- Correct uses: none of these may be reported. ---
books: Store[Book] = Store([Book("b1", "Dune", 412)])
authors = Store([Author("a1", "Herbert")])
anything: Store[Keyed] = Store()

books.add(Book("b2", "Emma", 474))
anything.add(Book("b3", "Ulysses", 730))
anything.add(Author("a2", "Austen"))
dune: Book = books.get("b1")
maybe_book: Book | None = books.get("b9", None)
book_or_text: Book | str = books.get("b9", "not found")
thick: list[Book] = books.find(lambda book: book.pages > 400)
longest: Book | None = largest(books, key=lambda book: book.pages)
longest_word: str | None = largest(["a", "bb", "ccc"], key=len)
names: list[str] = [author.name for author in authors]
count: int = len(books)


def pages_of(key: str) -> int:
    return books.get(key).pages


# --- Mistakes: each must stay an error with exactly this code. ---
books.add(Author("a3", "Eco"))  # expect[arg-type]: a Store[Book] refuses an Author
anything.add(Order(7))  # expect[arg-type]: an Order has no `key`, so it is not Keyed
orders = Store([Order(8)])  # expect[type-var]: a Store cannot be made of records without a `key`
fallback = books.get("b9", None)


def title_of(key: str) -> str:
    return books.get(key)  # expect[return-value]: get(key) returns a Book, not a str


def find_or_fail(key: str) -> Book:
    return fallback  # expect[return-value]: get(key, None) may return None


def thickest() -> Book:
    return largest(books, key=lambda book: book.pages)  # expect[return-value]: largest() may return None


def first_author() -> Book:
    for author in authors:
        return author  # expect[return-value]: iterating a Store[Author] gives Authors
    raise LookupError("no authors")
