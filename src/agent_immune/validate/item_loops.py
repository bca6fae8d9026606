"""A loop that deletes, one by one, every item a remote listing returns (rule `irreversible`, review).

An item-level delete (one Stripe customer, one S3 object, one document by key) is the everyday use of those
stores and is not asked about. Run over everything an unfiltered listing returns, it is a mass delete:
`for await (const c of stripe.customers.list({ limit: 100 })) await stripe.customers.del(c.id)` empties the
account as surely as a `delete_many({})`. A listing narrowed by a filter (a prefix, a query, a date) is left
alone, like a `delete_many` with a filter; only paging and target arguments do not narrow it.
"""
from __future__ import annotations

import re

# method names that list a store's items (the last one in the iterable's chain that matches is the listing)
_LISTING = re.compile(r"list(?:_\w+|[A-Z]\w*|All)?|all|scan(?:_iter)?|find|find_all|findAll|iter\w*|paginate|"
                      r"auto_paging_iter|autoPagingEach|autoPagingToArray|stream|get_all\w*|getAll\w*|query|get")
# arguments that page or aim a listing without narrowing it (`limit: 100`, `Bucket=b`, `owner`/`repo`)
_PAGING = re.compile(r"""(?:\b|["'])(?:limit|per_page|perPage|page_size|pageSize|page|MaxResults|MaxKeys|maxResults|
                     max_results|Bucket|bucket|TableName|expand|starting_after|ending_before|PaginationConfig|
                     batch_size|batchSize|chunk_size|timeout|owner|repo|org|project|projectId|project_id)["']?\s*[:=]\s*(?:\[[^\]]*\]|[^,)}\]]+)""", re.X)
_EMPTY_ARGS = re.compile(r"[\s{}(),]*")
# deletes of one item, by the item (`c.delete()`) or by its key (`stripe.customers.del(c.id)`)
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_DECLARES = frozenset({"const", "let", "var", "await", "async"})
_DELETE = re.compile(r"\.(?:del|delete|remove|destroy|purge|delete_\w+|delete[A-Z]\w*|deleteOne|delete_one)\s*\(")


def check(code, name, items, body, family: str | None) -> None:
    """`for name in items: body` (or `items.forEach(name => body)`): review when `body` deletes each item of an
    unfiltered listing of a remote store of `family` (see the language's irreversible rules). When `items` is a
    field of a name (`data.artifacts`), the listing is the value that name was declared with, also through a
    destructuring (`const { data } = await octokit.rest.actions.listArtifactsForRepo(…)`)."""
    if family == "k8s" or name is None or body is None:
        return
    names = "|".join(n for n in _NAME.findall(code.src(name)) if n not in _DECLARES)
    text = code.src(body)
    if not names or not any(re.search(rf"\b(?:{names})\b", text[m.end():call_end(text, m.end())])
                            or re.search(rf"\b(?:{names})\s*(?:\.\w+\s*)*$", text[:m.start()])
                            for m in _DELETE.finditer(text)):
        return
    listing = _listing_args(code.src(items))
    if family is None or listing is None:
        made = _made_from(code, items)
        if made is None:
            return
        if family is None:
            root = code.origin(made)[0]
            family = code.family_of(root) if root else None
        if listing is None:
            listing = _listing_args(code.src(made))
    if family is None or family == "k8s" or listing is None or not _unfiltered(listing[1]):
        return
    from .common_code import irreversible_message

    what = code.src(items)
    code.review("irreversible", irreversible_message(
        what if len(what) <= 60 else listing[0], "lists items that the loop then deletes one by one; nothing narrows "
        "the listing, so that is every one", family), body)


_FIELDS = frozenset({"member_expression", "subscript_expression", "attribute", "subscript"})
_DECLARATORS = frozenset({"variable_declarator", "lexical_declaration", "variable_declaration", "program",
                          "statement_block", "expression_statement", "export_statement", "function_declaration",
                          "arrow_function", "function_expression", "method_definition", "class_declaration",
                          "class_body", "try_statement", "if_statement", "for_in_statement", "for_statement"})


def _made_from(code, items):
    """The value the name at the root of `items` (`data` of `data.artifacts`) was declared with: the expression
    it is bound to, or the right side of a `const { data } = …` destructuring; None when not found."""
    node = items
    while node is not None and node.type in _FIELDS:
        node = node.child_by_field_name("object") or (node.named_children[0] if node.named_children else None)
    if node is None or node.type != "identifier":
        return None
    ident = code.src(node)
    if ident in code.bound:
        return code.bound[ident]
    stack = [code.root] if code.root is not None else []
    while stack:  # statements and declarations only: a destructuring sits at the top of a block
        n = stack.pop()
        if n.type == "variable_declarator":
            pattern, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if pattern is not None and value is not None and pattern.type == "object_pattern" and any(
                    code.src(p) == ident or p.type == "pair_pattern" and
                    code.src(p.child_by_field_name("value")) == ident for p in pattern.named_children):
                return value.named_children[0] if value.type == "await_expression" and value.named_children else value
            continue
        stack.extend(c for c in n.named_children if c.type in _DECLARATORS)
    return None


def _listing_args(text: str) -> tuple[str, str] | None:
    """(method, its arguments' text) of the listing call in `text`, the last one of its chain; None when the
    iterable does not list anything."""
    found = None
    for m in re.finditer(r"\.(\w+)\s*\(", text):
        if _LISTING.fullmatch(m.group(1)):
            found = (m.group(1), text[m.end():call_end(text, m.end()) - 1])
    return found


def _unfiltered(args: str) -> bool:
    return _EMPTY_ARGS.fullmatch(_PAGING.sub("", args)) is not None


def call_end(text: str, at: int, limit: int | None = None) -> int:
    """The position after the `)` closing the call whose arguments start at `at` (the text's end if unclosed); with
    `limit`, read no further than that position (its end then)."""
    end = len(text) if limit is None else min(len(text), limit)
    depth = 1
    for i in range(at, end):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
    return end


# -- Stripe's calls that lose something for good, run once per item (session 20) -------------------------------------
# One object deleted or one refund by its id is a shop's everyday code (a webhook refunding an order), and test-mode
# data is made and dropped by the hundred; the same call run for every line of a file, every row of a CSV or every
# object of a listing narrowed only by a status, a price or a date is a sweep of the live account: customers and their
# saved cards deleted, money refunded or paid out. A listing narrowed to one
# party (a customer, an email, a payment) picks that party's objects, and is left alone.
_STRIPE_ANY_RESOURCE = frozenset({"delete", "del"})
_STRIPE_LOSS = {
    "refund": {"create": "refunds the payments: the money goes back to the cards and does not come back"},
    "payout": {"create": "pays the balance out to the bank account"},
    "transfer": {"create": "transfers money to the connected accounts"},
    "payment_method": {"detach": "detaches the saved cards, which can never be attached again"},
    "customer": {"deletesource": "deletes the customers' saved sources"},
}
# (A cancel or a void ends an object that stays in the account, read as session 12 decided for TypeScript: a
# subscription cancelled in a sweep is left allowed there, test_s12_l_ts.py. Adding `"subscription": {"cancel": …}`,
# `"payment_intent": {"cancel": …}` and `"invoice": {"voidinvoice": …}` here would hold them in both languages.)
# what a listing may be narrowed by that picks one party's objects
_STRIPE_PARTY = re.compile(r"""(?:^|[\s,({])["']?(?:customer|email|ids?|payment_intent|paymentIntent|charge|
                           subscription|invoice|setup_intent|setupIntent|query|source|destination|transfer_group|transferGroup)
                           ["']?\s*[:=]""", re.X)
_STRIPE_PARTS = frozenset({"stripe", "Stripe", "StripeClient", "v1", "v2", "[]", "data", "list", "search", "retrieve",
                           "auto_paging_iter", "autoPagingEach", "autoPagingToArray", "create", "modify", "update"})


def stripe_resource(parts: list[str]) -> str | None:
    """The resource a Stripe call acts on, from the names its receiver is reached by, outermost first
    (`stripe.Customer`, `client.v1.customers`, `stripe.Subscription.list(…).auto_paging_iter()`), as a singular
    snake-case name (`customer`, `payment_intent`); None when none is named."""
    for part in reversed(parts):
        if part and part not in _STRIPE_PARTS and not part.startswith("_"):
            word = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", part).lower()
            return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return None


def stripe_loss(resource: str | None, meth: str) -> str | None:
    """What the Stripe call `meth` on `resource` loses for good (`delete`/`del` of anything), or None."""
    if meth in _STRIPE_ANY_RESOURCE:
        return f"deletes the {(resource or 'object').replace('_', ' ')}s for good"
    return _STRIPE_LOSS.get(resource or "", {}).get(meth.replace("_", "").lower())


def stripe_party_listing(text: str) -> bool:
    """Whether the iterable `text` is a Stripe listing narrowed to one party's objects (`Subscription.list(
    customer=c)`, `customers.search({ query: "email:'…'" })`)."""
    return _STRIPE_PARTY.search(_stripe_args(text)) is not None


def _stripe_args(text: str) -> str:
    """The arguments of every `list(`/`search(` call in `text` (the listing may be followed by
    `.auto_paging_iter()`)."""
    return " ".join(text[m.end():call_end(text, m.end()) - 1] for m in re.finditer(r"\.(?:list|search)\s*\(", text))
