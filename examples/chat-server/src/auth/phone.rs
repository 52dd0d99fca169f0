//! Phone numbers: normalised to digits (clients send them with or without '+', SERVER-INTEROP.md
//! §4.3) and Telegram's test numbers (<https://core.telegram.org/api/auth#test-accounts>).

/// Digits of an international number (E.164 allows at most 15), or `None` if it is not one.
/// '+', spaces, dashes and parentheses are dropped.
pub fn normalize(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '+' | ' ' | '-' | '(' | ')'))
        .collect();
    let valid = (5..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then_some(digits)
}

/// Test numbers are `99966XYYYY` with X the DC id; they always take the code XXXXX.
pub fn test_code(phone: &str, dc_id: i32) -> Option<String> {
    let digit = char::from_digit(u32::try_from(dc_id).ok()?, 10)?;
    let rest = phone.strip_prefix("99966")?;
    (phone.len() == 10 && rest.starts_with(digit)).then(|| digit.to_string().repeat(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_and_separators_are_dropped() {
        assert_eq!(normalize("+999 662-1234").as_deref(), Some("9996621234"));
        assert_eq!(normalize("9996621234").as_deref(), Some("9996621234"));
        assert_eq!(normalize("12ab5"), None);
        assert_eq!(normalize("+1"), None);
    }

    #[test]
    fn test_numbers_take_the_repeated_dc_digit() {
        assert_eq!(test_code("9996621234", 2).as_deref(), Some("22222"));
        assert_eq!(test_code("9996641234", 4).as_deref(), Some("44444"));
        assert_eq!(test_code("9996641234", 2), None);
        assert_eq!(test_code("99966212345", 2), None);
        assert_eq!(test_code("1234567890", 2), None);
    }
}
