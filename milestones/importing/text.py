"""The bulletin's extracted text, read back into articles: pure functions, no database.

The text is what pdfminer gives for a PDF (and what `fixtures/milestones-2016-source.txt` is): a
form feed between pages; on each page the text boxes of the layout, a blank line between two, their
lines as printed (hyphenated at line ends), in the order pdfminer's layout analysis reads the
boxes. That order is not always the reading order: a headline may come after its story's text, the
standfirst after the body, two headlines side by side may come one after the other. So the text is
first cut into blocks and each block is given a role; the roles are then put together into
articles by the rules of `assemble()`.

Roles, told from the text alone (a text file has no fonts):

- headline: a block of one to four lines that does not end a sentence, starts with a capital and
  does not follow an unfinished sentence; or the first lines of a block, when they are set wider
  than every line below them (a headline printed over its standfirst);
- caption: a headline-like block that turns out to head no text, ends its page, or interrupts a
  sentence;
- standfirst: one paragraph in a block of its own (at most eight lines), starting a sentence and
  ending one, set at a different measure (line length) from most of the page's text;
- body: everything else.

Every guess the editors should check is recorded as an `Unsure` mark: a headline taken from the top
of a block, each line-end hyphen joined, a block read as a caption, and each place where a line
ends a sentence at full width (a paragraph may end there, but nothing shows that it does).
"""

import re
import statistics
from dataclasses import dataclass, field

# Kinds of unsure places, for the review screen.
HEADLINE_GUESSED = "headline_guessed"
HYPHEN_JOINED = "hyphen_joined"
POSSIBLE_CAPTION = "possible_caption"
POSSIBLE_PARAGRAPH_BREAK = "possible_paragraph_break"

HEADLINE, STANDFIRST, BODY, CAPTION = "headline", "standfirst", "body", "caption"

MAX_HEADLINE_LINES = 4
MAX_STANDFIRST_LINES = 8
# A standfirst is set at another measure than the body: its longest line differs from the page's
# usual line length by more than this share.
MEASURE_DIFFERENCE = 0.06
# A line this much shorter than its block's longest line ends a paragraph if it ends a sentence.
SHORT_LINE = 0.77

# A sentence ends with . ! or ? and any closing quotes or brackets: "rights.”", "Azerbaijan”."
SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*$|[”’\"][.!?]$")
# Abbreviations a line may end with in mid-sentence ("Ms. / Ashita Mittal", "the U.S. / Department").
ABBREVIATION = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|H\.E|St|No|Nos|vs|etc|e\.g|i\.e)\.|\b(?:[A-Z]\.){2,})$")
SENTENCE_START = re.compile(r"^[“‘\"'(]?[A-Z0-9À-ÖØ-ÞА-ЯЁ]")
LINE_END_HYPHEN = re.compile(r"([^\W\d_][\w]*)-$")
FIRST_WORD = re.compile(r"^(\w+)")
GOES_ON = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
# Running heads: a word set in spaced capitals ("M I L E S T O N E S") and page numbers.
SPACED_CAPITALS = re.compile(r"^(?:[A-ZА-Я] ){3,}[A-ZА-Я]$")
PAGE_NUMBER = re.compile(r"^\d{1,3}$")


@dataclass
class Unsure:
    """A place the importer guessed: its kind, the page and the words concerned."""

    kind: str
    page: int | None
    text: str
    detail: str = ""

    def as_dict(self):
        return {"kind": self.kind, "page": self.page, "text": self.text, "detail": self.detail}


@dataclass
class Block:
    """Lines printed together (a text box of the layout), with the role they were given."""

    page: int | None
    lines: list
    role: str = BODY
    note: str = ""  # why the role was given, when it was a guess

    @property
    def text(self):
        return "\n".join(self.lines)

    @property
    def measure(self):
        return max(len(line) for line in self.lines)

    def as_dict(self):
        return {"page": self.page, "role": self.role, "text": self.text}


@dataclass
class Article:
    headline: str = ""
    standfirst: str = ""
    paragraphs: list = field(default_factory=list)
    captions: list = field(default_factory=list)
    unsure: list = field(default_factory=list)
    blocks: list = field(default_factory=list)  # the source, as printed, in the order read

    @property
    def pages(self):
        return sorted({block.page for block in self.blocks if block.page is not None})

    def blocks_in(self, role):
        return [block for block in self.blocks if block.role == role]


def read_articles(pages, *, numbered=True):
    """The articles of a bulletin's extracted text (a list of pages), in the order their headlines
    are read. `numbered`: the pages are the printed pages (else no page number is given)."""
    blocks = split_blocks(pages, numbered=numbered)
    vocabulary = Vocabulary("\n".join(pages))
    classify(blocks)
    articles = assemble(blocks)
    for article in articles:
        finish(article, vocabulary)
    return articles


# --- Blocks ------------------------------------------------------------------------------


def split_blocks(pages, *, numbered=True):
    """Blocks of lines, page by page: a blank line ends a block, and so does a line that starts
    with a space (pdfminer starts a new text box so when none came between). Running heads and
    page numbers are left out, spaces are made single."""
    blocks = []
    for number, page in enumerate(pages, start=1):
        current = []
        for raw in page.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = " ".join(raw.split())
            if current and (not line or raw[:1].isspace()):
                blocks.append(Block(number if numbered else None, current))
                current = []
            if line and not SPACED_CAPITALS.match(line) and not PAGE_NUMBER.match(line):
                current.append(line)
        if current:
            blocks.append(Block(number if numbered else None, current))
    return blocks


def ends_sentence(line):
    return bool(SENTENCE_END.search(line)) and not ABBREVIATION.search(line)


def starts_sentence(line):
    return bool(SENTENCE_START.match(line))


def headline_like(lines):
    """One to four lines, starting with a capital and ending no sentence or clause, nor with a
    word that cannot end one ("the", "of": the start of a paragraph at the foot of a column)."""
    return (
        0 < len(lines) <= MAX_HEADLINE_LINES
        and starts_sentence(lines[0])
        and not any(LINE_END_HYPHEN.search(line) for line in lines)
        and not ends_sentence(lines[-1])
        and lines[-1][-1] not in ",;"
        and lines[-1].split()[-1].lower() not in GOES_ON
    )


def headline_on_top(lines):
    """How many first lines of a block form a headline set over the text below it (three lines at
    least): lines wider than every line under them and far wider than most, the next line
    starting a sentence. 0 when there is none."""
    for count in range(min(MAX_HEADLINE_LINES, len(lines) - 3), 0, -1):
        head, rest = lines[:count], lines[count:]
        widths = sorted(map(len, rest))
        if (
            headline_like(head)
            and starts_sentence(rest[0])
            and min(map(len, head)) > 1.05 * widths[-1]
            and max(map(len, head)) > 1.3 * widths[len(widths) // 2]
        ):
            return count
    return 0


def classify(blocks):
    """Give each block its role (splitting a headline off the top of a block), in place."""
    index = 0
    unfinished = False  # the text read so far stops in the middle of a sentence
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1].lines[0] if index + 1 < len(blocks) else ""
        last_on_page = index + 1 == len(blocks) or blocks[index + 1].page != block.page
        if headline_like(block.lines) and not following[:1].islower():
            # Inside an unfinished sentence, a short line of its own is a caption the text flows
            # past; at the foot of a page, with nothing under it, it heads nothing.
            block.role = CAPTION if unfinished or last_on_page else HEADLINE
        elif not unfinished and (count := headline_on_top(block.lines)):
            blocks.insert(index + 1, Block(block.page, block.lines[count:]))
            block.lines = block.lines[:count]
            block.role = HEADLINE
            block.note = "set over the text below it"
        else:
            block.role = BODY
            unfinished = not ends_sentence(block.lines[-1]) and not ends_clause(block)
        index += 1
    measure = usual_measure(blocks)
    previous = None
    for block in blocks:
        if block.role == BODY and is_standfirst(block, previous, measure.get(block.page)):
            block.role = STANDFIRST
        if block.role in (BODY, STANDFIRST):
            previous = block


def usual_measure(blocks):
    """The line length most lines of each page's text are set at (the median line's block)."""
    by_page = {}
    for block in blocks:
        if block.role == BODY:
            by_page.setdefault(block.page, []).extend([block.measure] * len(block.lines))
    return {page: statistics.median_low(widths) for page, widths in by_page.items()}


def is_standfirst(block, previous, measure):
    """One paragraph of at most eight lines, starting and ending a sentence after text that ended
    one, set at a measure other than the page's usual one (`measure`)."""
    lines = block.lines
    if len(lines) > MAX_STANDFIRST_LINES or not starts_sentence(lines[0]) or not ends_sentence(lines[-1]):
        return False
    if previous is not None and not ends_sentence(previous.lines[-1]) and not ends_clause(previous):
        return False  # it goes on with an unfinished sentence
    if any(paragraph_ends(line, lines[i + 1], block.measure) for i, line in enumerate(lines[:-1])):
        return False  # more than one paragraph
    return measure is not None and abs(block.measure - measure) > MEASURE_DIFFERENCE * measure


def ends_clause(block):
    """A body block that ends without a full stop but is not going on: its last line is short
    (the last line of a paragraph whose full stop the print left out) and was not hyphenated."""
    last = block.lines[-1]
    return not LINE_END_HYPHEN.search(last) and len(last) < SHORT_LINE * block.measure and len(block.lines) > 1


def paragraph_ends(line, following, measure):
    return ends_sentence(line) and starts_sentence(following) and len(line) < SHORT_LINE * measure


# --- Articles ------------------------------------------------------------------------------


def assemble(blocks):
    """Put the blocks together into articles.

    A headline starts an article, which takes any text read before it that belonged to no
    article. Body text goes to the first article still open; a standfirst to the first open
    article without one. An article closes when its standfirst comes after its text, and when a
    new headline comes after its text (but not when two headlines come one after the other, as
    pdfminer reads two articles' tops set side by side). An article that got no text at all was a
    caption: it goes to the article before it (or after, for the first).
    """
    articles, open_articles, waiting = [], [], []
    after_headline = False
    for block in blocks:
        if block.role == HEADLINE:
            if not after_headline:
                open_articles = [article for article in open_articles if not article.blocks_in(BODY)]
            article = Article(blocks=[*waiting, block])
            waiting = []
            articles.append(article)
            open_articles.append(article)
            after_headline = True
            continue
        after_headline = False
        if block.role == STANDFIRST:
            target = next((a for a in open_articles if not a.blocks_in(STANDFIRST)), None)
        else:
            target = open_articles[0] if open_articles else None
        if target is None:
            waiting.append(block)
            continue
        target.blocks.append(block)
        if block.role == BODY:
            # Text for this article: the ones before it are over.
            open_articles = open_articles[open_articles.index(target) :]
        elif block.role == STANDFIRST and target.blocks_in(BODY):
            open_articles.remove(target)
    if waiting:
        if articles:
            articles[-1].blocks.extend(waiting)
        else:
            articles.append(Article(blocks=waiting))
    return merge_captions(articles)


def merge_captions(articles):
    kept = []
    for index, article in enumerate(articles):
        has_text = any(block.role in (BODY, STANDFIRST) for block in article.blocks)
        if has_text or len(articles) == 1:
            kept.append(article)
            continue
        for block in article.blocks:
            if block.role == HEADLINE:
                block.role = CAPTION
        neighbour = kept[-1] if kept else articles[index + 1] if index + 1 < len(articles) else None
        neighbour.blocks.extend(article.blocks)
    return kept


def finish(article, vocabulary):
    """Fill an article's texts from its blocks: the headline, the standfirst, the body's
    paragraphs re-flowed, the captions; with the unsure marks."""
    headlines = article.blocks_in(HEADLINE)
    if headlines:
        article.headline = reflow(headlines[0].lines, vocabulary, article, headlines[0].page)
        if headlines[0].note:
            article.unsure.append(Unsure(HEADLINE_GUESSED, headlines[0].page, article.headline, headlines[0].note))
    for block in article.blocks_in(CAPTION):
        caption = reflow(block.lines, vocabulary, article, block.page)
        article.captions.append(caption)
        article.unsure.append(Unsure(POSSIBLE_CAPTION, block.page, caption, "a short line of its own, heading no text"))
    standfirsts = article.blocks_in(STANDFIRST)
    if standfirsts:
        article.standfirst = reflow(standfirsts[0].lines, vocabulary, article, standfirsts[0].page)
    article.paragraphs = paragraphs(article.blocks_in(BODY), vocabulary, article)
    if not headlines and article.paragraphs:
        # No line of the text could be told to be a headline: the first words stand in for one.
        article.headline = " ".join(article.paragraphs[0].split()[:12])
        article.unsure.append(
            Unsure(HEADLINE_GUESSED, article.pages[0] if article.pages else None, article.headline, "no headline found")
        )


def paragraphs(blocks, vocabulary, article):
    """The body's paragraphs: lines joined, a paragraph ending where a line ends a sentence and
    is short, or where a block ends a sentence and the next starts one."""
    result, current = [], []
    for block_index, block in enumerate(blocks):
        for index, line in enumerate(block.lines):
            current.append(line)
            last_of_block = index == len(block.lines) - 1
            if last_of_block:
                following = blocks[block_index + 1].lines[0] if block_index + 1 < len(blocks) else None
                ends = following is None or (ends_sentence(line) and starts_sentence(following))
            else:
                following = block.lines[index + 1]
                ends = paragraph_ends(line, following, block.measure)
                if not ends and ends_sentence(line) and starts_sentence(following):
                    article.unsure.append(
                        Unsure(
                            POSSIBLE_PARAGRAPH_BREAK,
                            block.page,
                            f"{tail(line)} | {head(following)}",
                            "a sentence ends at the end of a full line",
                        )
                    )
            if ends:
                result.append(reflow(current, vocabulary, article, block.page))
                current = []
    return [paragraph for paragraph in result if paragraph]


def tail(line):
    return " ".join(line.split()[-4:])


def head(line):
    return " ".join(line.split()[:4])


def reflow(lines, vocabulary, article, page):
    """Lines joined into one: a line-end hyphen is taken out where the word goes on (recorded as
    unsure), kept where it is a real hyphen ("Kyrgyz-Tajik", "Dushanbe-2")."""
    text = ""
    for line in lines:
        if not text:
            text = line
            continue
        hyphen = LINE_END_HYPHEN.search(text)
        word = FIRST_WORD.match(line)
        if hyphen and word:
            left, right = hyphen.group(1), word.group(1)
            if vocabulary.joins(left, right):
                text = text[:-1] + line
                article.unsure.append(Unsure(HYPHEN_JOINED, page, f"{left}-|{right}", left + right))
            else:
                text += line
        elif text.endswith("-") and text[-2:-1].isdigit():
            text += line  # a digit before the hyphen: "2015-" + "2019"
        else:
            text += " " + line
    return text


class Vocabulary:
    """The words of the whole text, to tell a word broken at a line end ("empha-" + "sized") from
    a hyphenated name or compound ("Kyrgyz-" + "Tajik", "Dushanbe-" + "2")."""

    def __init__(self, text):
        self.words = set(re.findall(r"\w+", text))
        self.text = " ".join(text.split())

    def joins(self, left, right):
        if right[0].isdigit():
            return False
        if f"{left}-{right}" in self.text and (left + right) not in self.words:
            return False  # the compound is printed whole elsewhere: "non-health"
        if right[0].islower():
            return True
        # A capital after the hyphen: joined only if the whole word is printed elsewhere ("UN-" + "ODC").
        return (left + right) in self.words


# --- The review of an imported edition (milestones/models.py: ImportedStory) ----------------


def unescaped(paragraph):
    """A Markdown paragraph of the body as printed text (the importer's escapes taken out)."""
    return re.sub(r"\\(.)", r"\1", paragraph)


def block_holding(paragraph, blocks):
    """The index of the first source block (as stored: dicts with their text) in which the
    paragraph's opening words were printed, or None. A word broken at a line end is looked for
    joined and with its hyphen; fewer opening words are tried when a line break falls among them."""
    words = unescaped(paragraph).split()
    printed = [
        (" ".join(block["text"].replace("-\n", "").split()), " ".join(block["text"].replace("-\n", "-").split()))
        for block in blocks
    ]
    for count in (6, 4, 2):
        opening = " ".join(words[:count])
        if not opening:
            return None
        for index, texts in enumerate(printed):
            if any(opening in text for text in texts):
                return index
    return None


def mark_words(mark):
    """The words of the story an unsure mark (as stored) concerns, to find them in its text."""
    if mark["kind"] == HYPHEN_JOINED:
        return mark["detail"]
    if mark["kind"] == POSSIBLE_PARAGRAPH_BREAK:
        return mark["text"].partition(" | ")[2]
    return mark["text"]
