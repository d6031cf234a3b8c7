"""One input layer: a pydantic model per create/update input, shared by API, form and service.

The API takes the model as its body; an HTML form is read into the same model by `parse_form`;
the service receives the validated model. Pydantic's errors and the rules' errors become one
translated message per field (`messages_of`), the same words on a page and in problem+json.
Field rules live in the annotated types below or in `field_validator`s; rules across fields
in the model's `check()`, which returns errors by field. `validate` names every wrong field at
once: when some fields are wrong, `check()` still runs on the fields that are right.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Self, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError
from starlette.datastructures import FormData

from welcome.errors import FieldErrors
from welcome.i18n import _
from welcome.labels import Code

# the range of dates any field accepts: outside it a date is a typing error, never a crash
# (year 9999 overflowed deadline arithmetic and PDF rendering)
MIN_DAY, MAX_DAY = date(1900, 1, 1), date(2099, 12, 31)
MAX_INT = 2**31 - 1  # a PostgreSQL INTEGER


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD (or a date): pydantic would also read "1700000000" as a Unix time."""
    if isinstance(value, datetime):
        raise PydanticCustomError("date_parsing", _("Please enter a valid date."))
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
    raise PydanticCustomError("date_parsing", _("Please enter a valid date."))


def _day_in_range(value: date) -> date:
    if not MIN_DAY <= value <= MAX_DAY:
        raise PydanticCustomError(
            "date_range",
            _(
                "Please enter a date between %(low)d and %(high)d.",
                low=MIN_DAY.year,
                high=MAX_DAY.year,
            ),
        )
    return value


def _whole(value: Any) -> Any:
    """Digits only: pydantic alone would read "1.000" (a thousand in German) as 1 and true as 1."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if digits.isascii() and digits.isdigit() and len(digits) <= 40:
            return int(text)
    raise PydanticCustomError("int_parsing", _("Please enter a whole number."))


def _one_line(value: str) -> str:
    return " ".join(value.split())


# A calendar day as YYYY-MM-DD within MIN_DAY..MAX_DAY.
Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_day_in_range)]
# A name or title: inner runs of white space become one space.
Line = Annotated[str, AfterValidator(_one_line)]
# Numbers that fit a column: every integer input is bounded, so none overflows the database.
Whole = Annotated[int, BeforeValidator(_whole)]
Count = Annotated[int, BeforeValidator(_whole), Field(ge=0, le=MAX_INT)]
RowId = Annotated[int, BeforeValidator(_whole), Field(ge=1, le=MAX_INT)]


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return _is_list(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(a) for a in get_args(annotation) if a is not type(None))
    return get_origin(annotation) in (list, set, tuple, frozenset)


def _is_bool(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return _is_bool(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_bool(a) for a in get_args(annotation) if a is not type(None))
    return annotation is bool


class Input(BaseModel):
    """Base of every input model. Blank text is "not given"; NUL bytes are refused (PostgreSQL
    cannot store them); a required field left blank gets the message in `required`."""

    model_config = ConfigDict(str_strip_whitespace=True)

    # field name -> message for "left blank", e.g. {"first_name": lambda: _("Please enter …")}
    required: ClassVar[Mapping[str, Callable[[], str]]] = {}

    @field_validator("*", mode="before")
    @classmethod
    def _blank_and_nul(cls, value: Any, info: ValidationInfo) -> Any:
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in items):
            raise PydanticCustomError("nul", _("This text contains a character it may not."))
        if isinstance(value, str) and not value.strip():
            value = None
        if isinstance(value, list):
            value = [v for v in value if not (isinstance(v, str) and not v.strip())]
        field = cls.model_fields.get(info.field_name or "")
        if value is None and field is not None and field.is_required():
            raise PydanticCustomError("missing", _required_message(cls, info.field_name or ""))
        return value

    def check(self) -> dict[str, str]:
        """Rules across fields: field name -> message. May normalise values (it runs once the
        fields are valid; on a partial model, when other fields are wrong, it only reports)."""
        return {}

    @model_validator(mode="after")
    def _check(self) -> Self:
        errors = self.check()
        if errors:
            raise FieldErrors(errors)
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _all_at_once(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """When fields are wrong, the cross-field rules still run over the right ones, so an
        API body and a form learn every wrong field at once."""
        try:
            return handler(data)
        except ValidationError as exc:
            if not isinstance(data, Mapping):
                raise
            errors = exc.errors()
            wrong = {field_of(e.get("loc") or ()) for e in errors}
            extra = [
                InitErrorDetails(
                    type=PydanticCustomError("rule", message), loc=(name,), input=data.get(name)
                )
                for name, message in _partial_check(cls, data, wrong).items()
                if name not in wrong
            ]
            if not extra:
                raise
            raise ValidationError.from_exception_data(
                exc.title, [_again(e) for e in errors] + extra
            ) from None


class Output(BaseModel):
    """Base of every response schema: read from ORM rows or plain objects."""

    model_config = ConfigDict(from_attributes=True)


InputT = TypeVar("InputT", bound=BaseModel)


def _required_message(model: type[BaseModel], name: str) -> str:
    message = getattr(model, "required", {}).get(name)
    return message() if message is not None else _("Please fill in this field.")


def message_of(error: ErrorDetails, model: type[BaseModel] | None = None) -> str:
    """One translated message per rule, whether it came from pydantic or from our validators."""
    kind, ctx = error["type"], error.get("ctx") or {}
    loc = error.get("loc") or ()
    name = str(loc[0]) if loc else ""
    if kind in ("nul", "date_range", "rule"):
        return str(error.get("msg", ""))
    if kind == "missing":
        return _required_message(model, name) if model else _("Please fill in this field.")
    if kind == "string_too_short":
        return _("Please fill in this field.")
    if kind == "string_too_long":
        return _("At most %(n)d characters.", n=int(ctx.get("max_length", 0)))
    if kind == "too_long":
        return _("At most %(n)d entries.", n=int(ctx.get("max_length", 0)))
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return _("Please enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        return _("Please enter a number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Please enter a number of at least %(n)s.", n=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("Please enter a number of at most %(n)s.", n=ctx.get("le", ctx.get("lt")))
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Please enter a valid date.")
    if kind in ("enum", "literal_error"):
        return _("Unknown code %(code)s.", code=str(error.get("input", ""))[:40])
    if kind in ("bool_parsing", "bool_type"):
        return _("Please choose yes or no.")
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("Please enter a valid e-mail address.")
    if kind in ("string_type", "list_type", "model_type", "dict_type"):
        return _("Please check this value.")
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error.get("msg", "")))
    return str(error.get("msg") or _("Please check this value."))


def field_of(loc: tuple[int | str, ...] | list[Any]) -> str:
    """The form field an error belongs to: a list item's error is the list's."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "header")]
    return parts[0] if parts else "body"


def messages_of(exc: ValidationError, model: type[BaseModel] | None = None) -> dict[str, str]:
    """Field name -> message; the first error of a field wins."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        errors.setdefault(field_of(error.get("loc") or ()), message_of(error, model))
    return errors


def validate(model: type[InputT], data: Mapping[str, Any]) -> InputT:
    """The model from plain values, or FieldErrors naming every wrong field."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise FieldErrors(messages_of(exc, model)) from None


@lru_cache(maxsize=256)
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    return TypeAdapter(Annotated[field.annotation, field])  # type: ignore[arg-type]


def _again(error: ErrorDetails) -> InitErrorDetails:
    """An error as pydantic reported it, to be raised again with others."""
    ctx = error.get("ctx")
    kind: Any = error["type"]
    if kind in ("rule", "nul", "date_range", "date_parsing", "missing") and "msg" in error:
        kind = PydanticCustomError(kind, error["msg"])
    details = InitErrorDetails(
        type=kind, loc=tuple(error.get("loc") or ()), input=error.get("input")
    )
    if ctx and not isinstance(kind, PydanticCustomError):
        details["ctx"] = ctx
    return details


def _partial_check(
    model: type[BaseModel], data: Mapping[str, Any], wrong: Collection[str]
) -> dict[str, str]:
    """The cross-field rules over the fields that are valid, so that a form with a wrong date
    also learns that its residence does not fit its client group."""
    if not issubclass(model, Input) or model.check is Input.check:
        return {}
    valid: dict[str, Any] = {}
    for name in model.model_fields:
        if name in wrong or name not in data:
            continue
        value = data[name]
        if isinstance(value, str) and not value.strip():
            continue
        try:
            valid[name] = _field_adapter(model, name).validate_python(value)
        except (ValidationError, FieldErrors):
            continue
    try:
        return model.model_construct(**valid).check()
    except (AttributeError, TypeError, ValueError):
        return {}


def typed_values(form: FormData, model: type[BaseModel]) -> dict[str, Any]:
    """What the user sent for the model's fields, as sent: text, a list for list fields, a bool
    for checkboxes (an unchecked box is not sent at all)."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if _is_list(field.annotation):
            values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
        elif _is_bool(field.annotation):
            values[name] = form.get(name) in ("on", "true", "1", "yes")
        elif name in form:
            raw = form.get(name)
            values[name] = raw if isinstance(raw, str) else ""
    return values


def parse_form(
    form: FormData, model: type[InputT], fixed: Mapping[str, Any] | None = None
) -> tuple[InputT | None, dict[str, Any], dict[str, str]]:
    """(model or None, the typed values, errors). `fixed`: values the page decides (a path id)."""
    values = typed_values(form, model)
    try:
        return validate(model, {**values, **(fixed or {})}), values, {}
    except FieldErrors as exc:
        return None, values, exc.errors


def patch_model(model: type[InputT], name: str) -> type[BaseModel]:
    """The same fields, all optional: an API PATCH body. The endpoint merges what was sent into
    the stored values and validates the result with `model`, so every rule still applies."""
    fields: dict[str, Any] = {
        field_name: (field.annotation | None, None)  # type: ignore[operator]
        for field_name, field in model.model_fields.items()
    }
    patch: type[BaseModel] = create_model(name, __base__=Input, __doc__=model.__doc__, **fields)
    return patch


def merged(model: type[InputT], stored: Mapping[str, Any], patch: BaseModel) -> InputT:
    """The stored values with the sent ones replacing them, validated as a whole; a PATCH's
    `version` (the stale-write check, welcome.corrections.version_of) is not a field of it."""
    sent = patch.model_dump(exclude_unset=True, exclude={"version"})
    return validate(model, {**stored, **sent})


def _code_type(annotation: Any) -> type[Code] | None:
    if get_origin(annotation) is Annotated:
        return _code_type(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType, list):
        for arg in get_args(annotation):
            found = _code_type(arg)
            if found is not None:
                return found
        return None
    return annotation if isinstance(annotation, type) and issubclass(annotation, Code) else None


def field_labels(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> its label in the current language (fields declare `title=N_(…)`)."""
    return {name: _(f.title) for name, f in model.model_fields.items() if f.title}


def field_shows(model: type[BaseModel]) -> dict[str, Callable[[Any], str]]:
    """Field name -> how a stored value is shown: a code field shows its code's label."""
    shows: dict[str, Callable[[Any], str]] = {}
    for name, field in model.model_fields.items():
        code = _code_type(field.annotation)
        if code is not None:
            shows[name] = code.label_of
    return shows
