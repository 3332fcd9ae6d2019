using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoBanana.Sdk.Errors;

/// <summary>
/// Removes credentials from text the SDK shows or stores (exception messages, response bodies, repro packets,
/// logs). Redacts the configured secret in any letter case, and anything shaped like a credential even when it is not the
/// configured one: <c>key=…</c> query parameters, <c>Bearer …</c> tokens, Google <c>AIza…</c> keys and
/// <c>sk-…</c> keys, because a body or an inner exception can echo a key the SDK never saw.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>What a redacted secret is replaced with.</summary>
    public const string Placeholder = "[REDACTED]";

    // A secret shorter than this is not a real key; replacing it everywhere would shred the text instead of protecting anything.
    private const int MinimumSecretLength = 6;

    /// <summary>Returns <paramref name="text"/> without <paramref name="secret"/> and without anything shaped like a credential.</summary>
    /// <param name="text">The text to clean; <see langword="null"/> stays <see langword="null"/>.</param>
    /// <param name="secret">The configured key, when known.</param>
    /// <returns>The cleaned text.</returns>
    public static string? Redact(string? text, string? secret = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        // Case-insensitive: services and .NET change the case of what they echo (a Location host is lower-cased, a
        // status or reason may be upper-cased), and a key in another case is still the key to anyone reading it.
        if (secret is { Length: >= MinimumSecretLength } && text.Contains(secret, StringComparison.OrdinalIgnoreCase))
        {
            text = text.Replace(secret, Placeholder, StringComparison.OrdinalIgnoreCase);
        }

        // Each pattern needs a literal that most service strings ("STOP", "image/png", a model or response id) lack:
        // a pattern runs only when its literal is there, so the common call pays a few vectorized searches, not five regexes.
        if (text.AsSpan().IndexOfAny('=', ':') >= 0)
        {
            text = QueryKey().Replace(text, "${name}" + Placeholder);
            text = HeaderKey().Replace(text, "${name}" + Placeholder);
        }

        if (text.Contains("bearer", StringComparison.OrdinalIgnoreCase))
        {
            text = Bearer().Replace(text, "Bearer " + Placeholder);
        }

        if (text.Contains("AIza", StringComparison.Ordinal))
        {
            text = GoogleKey().Replace(text, Placeholder);
        }

        return text.Contains("sk-", StringComparison.Ordinal) ? SkKey().Replace(text, Placeholder) : text;
    }

    /// <summary>Whether <paramref name="text"/> holds the secret or a credential-shaped token.</summary>
    /// <param name="text">The text to check.</param>
    /// <param name="secret">The configured key, when known.</param>
    /// <returns><see langword="true"/> when <see cref="Redact"/> would change the text.</returns>
    public static bool ContainsSecret(string? text, string? secret = null) =>
        !string.IsNullOrEmpty(text) && !string.Equals(Redact(text, secret), text, StringComparison.Ordinal);

    /// <summary>
    /// A stable, non-reversible identifier of a key for support tickets: <c>sha256:</c> and the first 8 hex
    /// digits of the SHA-256 of its UTF-8 bytes. Enough to tell two keys apart, useless to call the API.
    /// </summary>
    /// <param name="secret">The key.</param>
    /// <returns>The fingerprint, or <see langword="null"/> when there is no key.</returns>
    public static string? Fingerprint(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        return "sha256:" + Sha256Hex(secret)[..8];
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <param name="text">The text to hash.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string Sha256Hex(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    [GeneratedRegex(@"(?<name>[?&;](?:key|api_key|apikey|api-key|access_token|token)=)[^&\s""'<>#]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryKey();

    [GeneratedRegex(@"(?<name>\b(?:x-goog-api-key|api-key|x-api-key|api_key|apikey)[""']?\s*[:=]\s*[""']?)[^\s""',;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderKey();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"AIza[0-9A-Za-z_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex SkKey();
}
