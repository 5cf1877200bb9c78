//! What `lawful explain CODE` prints. Compliance rules carry their own
//! explanation in their file under `src/rules/`; the codes of the names
//! family (syntax, resolution, imports) are explained here.

use super::Code;

/// The Markdown explanation of a code.
pub fn explanation(code: Code) -> &'static str {
    if let Some(rule) = crate::rules::RULES.iter().find(|r| r.code == code) {
        return rule.explanation;
    }
    match code {
        Code::SyntaxError => SYNTAX_ERROR,
        Code::UndefinedReference => UNDEFINED_REFERENCE,
        Code::DuplicateDefinition => DUPLICATE_DEFINITION,
        Code::UnusedDefinition => UNUSED_DEFINITION,
        Code::InvalidImport => INVALID_IMPORT,
        Code::ImportCycle => IMPORT_CYCLE,
        Code::InvalidValue => INVALID_VALUE,
        Code::InvalidSuppression => INVALID_SUPPRESSION,
        Code::UnusedSuppression => UNUSED_SUPPRESSION,
        Code::BidiControl => BIDI_CONTROL,
        Code::WithinCycle => WITHIN_CYCLE,
        _ => "",
    }
}

const SYNTAX_ERROR: &str = r#"## What it checks
That the file is made of declarations the language knows (`policy`, `data`,
`purpose`, `collect`, ...), each complete, with every `{` closed and every
string ended.

## Why it matters
A policy that cannot be read cannot be checked. The parser reports the first
problem of each broken declaration and goes on with the next one, so one
mistake does not hide the others.

## Example
```policy
purpose billing "To bill customers" {
  basis contrat
}
```

## Fix
```policy
purpose billing "To bill customers" {
  basis contract
}
```
"#;

const UNDEFINED_REFERENCE: &str = r#"## What it checks
That every name a declaration refers to is declared, and declared as the
right kind of thing (a data item after `collect`, a purpose after `for`, a
party after `to`, ...). When a declared name is close, it is suggested.

## Why it matters
A flow that names an undeclared purpose or recipient proves nothing: the
checker cannot know what the purpose allows or who the recipient is.

## Example
```policy
data email
subject members "Members"
purpose newsletter "To send the newsletter" { retain until purpose achieved }
collect email from membres for newsletter with consent
```

## Fix
```policy
data email
subject members "Members"
purpose newsletter "To send the newsletter" { retain until purpose achieved }
collect email from members for newsletter with consent
```
"#;

const DUPLICATE_DEFINITION: &str = r#"## What it checks
That every name is declared once across the whole policy set (the file and
everything it imports), whatever its kind; that there is one `policy` header
and one `controller`; and that a property taking one value (`address`,
`retain`, `contract`, ...) is given once per block.

## Why it matters
Two declarations of one name leave it unclear which one a flow means; two
addresses for one company leave it unclear which one is published.

## Example
```policy
data email "E-mail address"
data email "Contact e-mail"
```

## Fix
```policy
data email "E-mail address"
data contact_email "Contact e-mail"
```
"#;

const UNUSED_DEFINITION: &str = r#"## What it checks
That every data item, purpose, party, subject, source, method and exception
is referred to somewhere. Contacts, the controller, joint uses, anonymously
processed information and organisation rules are published for their own
sake and are never reported.

## Why it matters
A declared purpose no flow uses, or a data item nobody collects, is usually a
flow that was forgotten: the policy says less than the company does.

## Example
```policy
data email, phone
subject members "Members"
purpose newsletter "To send the newsletter" { retain until purpose achieved }
collect email from members for newsletter with consent
```

## Fix
```policy
data email, phone
subject members "Members"
purpose newsletter "To send the newsletter" { retain until purpose achieved }
collect email, phone from members for newsletter with consent
```
"#;

const INVALID_IMPORT: &str = r#"## What it checks
That every `import "path"` names a readable UTF-8 policy file, given relative
to the importing file, that lies inside the policy root (the directory
given to `lawful check`, or the directory of the file given).

## Why it matters
Declarations in a file that cannot be read are missing from the check, and a
policy that reaches outside its own tree depends on files nobody reviews
with it.

## Example
```policy
import "../../etc/shared.policy"
```

## Fix
```policy
import "shared.policy"
```
"#;

const IMPORT_CYCLE: &str = r#"## What it checks
That files do not import each other in a cycle (`a` imports `b`, which
imports `a`).

## Why it matters
A cycle has no order in which the files can be read; it is almost always a
shared declaration that belongs in a third file.

## Example
```policy
# a.policy
import "b.policy"
# b.policy
import "a.policy"
```

## Fix
```policy
# a.policy and b.policy both
import "shared.policy"
```
"#;

const INVALID_VALUE: &str = r#"## What it checks
That values are ones the language accepts: calendar dates that exist, the
regimes `lawful` knows (`APPI`, `GDPR`), the data-subject rights it knows
(`disclosure`, `correction`, `addition`, `deletion`, `cessation`,
`purpose_notification`, `third_party_records`, `erasure`, `restriction`,
`portability`, `objection`), numbers that fit, and strings that say
something: a blank string (`""`, or only spaces) is refused wherever it is
written.

## Why it matters
A rule can only cite the articles of a regime it knows, and a right it does
not know cannot be checked against the law's list. A blank `contract ""`,
`selected by ""`, `safeguard ""`, `informed ""` or `confirms source ""`
would otherwise stand in for the contract, safeguard or confirmation the
law asks for while stating none: such a property is read as not written, so
the rule that asks for it reports it missing as well.

## Example
```policy
policy "Example" under APPY
```

## Fix
```policy
policy "Example" under APPI
```
"#;

const INVALID_SUPPRESSION: &str = r#"## What it checks
That every inline suppression reads
`# lawful: allow(<code or slug>, ...) reason: "..."`, names codes that exist,
and gives a reason. A suppression on a line of its own covers the next
declaration; at the end of a line, it covers that line.

## Why it matters
A suppression is a decision that a finding is acceptable. Without a reason,
the next reviewer cannot tell a considered decision from a silenced alarm.
A suppression without a reason still applies, and is reported.

## Example
```policy
purpose other "For other purposes" # lawful: allow(vague-purpose)
```

## Fix
```policy
purpose other "For other purposes" # lawful: allow(vague-purpose) reason: "quoted from the contract terms; legal review 2024-05"
```
"#;

const UNUSED_SUPPRESSION: &str = r#"## What it checks
That every inline suppression suppresses at least one finding on the line or
declaration it covers.

## Why it matters
A suppression left behind after the policy was fixed would silently hide the
next, different, finding of the same kind there.

## Example
```policy
# lawful: allow(vague-purpose) reason: "legacy wording"
purpose newsletter "To send the monthly newsletter"
```

## Fix
```policy
purpose newsletter "To send the monthly newsletter"
```
"#;

const BIDI_CONTROL: &str = r#"## What it checks
That no line of a policy file contains a Unicode bidirectional control
character: the embeddings and overrides U+202A to U+202E, the isolates
U+2066 to U+2069, and the marks U+200E, U+200F and U+061C. One finding per
line names the characters.

## Why it matters
These characters are invisible and change the order in which a line is
displayed, so a reviewer reading a pull request can see one policy while
lawful checks another ("Trojan Source", CVE-2021-42574): a purpose that
seems to require consent, a comment that seems to end before a declaration.
lawful shows them as escapes (`\u{202e}`) in its own output.

## Example
A right-to-left override (written here as `\u{202e}`, in the file it is
the invisible character itself) turns the rest of the comment around:

```text
data email  # internal use only \u{202e} } sseccA {
```

## Fix
Remove the control characters. Right-to-left script displays correctly
without them:

```policy
data email  # internal use only
```
"#;

const WITHIN_CYCLE: &str = r#"## What it checks
That no purpose is, through its `within` and those of the purposes it
names, within itself. `within` makes a purpose a narrower part of a wider
one; following `within` from any purpose must end at a purpose that is
within nothing.

## Why it matters
A narrower purpose inherits what the wider one allows and retains. In a
cycle every purpose is both wider and narrower than the others, so none of
them says what the data may be used for or how long it is kept. lawful
checks the rest of the policy as if the first purpose of the cycle were
within nothing.

## Example
```policy
purpose billing "To bill customers" { within accounts }
purpose accounts "To keep customer accounts" { within billing }
```

## Fix
```policy
purpose accounts "To keep customer accounts"
purpose billing "To bill customers" { within accounts }
```
"#;
