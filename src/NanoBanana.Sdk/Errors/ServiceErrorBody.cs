using System.Globalization;
using System.Text.Json;

namespace NanoBanana.Sdk.Errors;

/// <summary>
/// What an error body said, read leniently from either envelope: Google's <c>google.rpc.Status</c>
/// (<c>{"error":{"code","message","status","details":[…]}}</c>, also wrapped in a JSON array) or the OpenAI style
/// (<c>{"error":{"message","type","param","code"}}</c>). Read with <see cref="JsonDocument"/> and explicit kind
/// checks rather than DTOs, because error bodies are the least trustworthy JSON there is: a field of the wrong
/// type is skipped, never an exception.
/// </summary>
internal sealed class ServiceErrorBody
{
    private const string TypePrefix = "type.googleapis.com/google.rpc.";

    public string? Message { get; private set; }

    /// <summary>Google's <c>status</c>, e.g. <c>RESOURCE_EXHAUSTED</c>.</summary>
    public string? Status { get; private set; }

    /// <summary><c>ErrorInfo.reason</c>, e.g. <c>API_KEY_INVALID</c>.</summary>
    public string? Reason { get; private set; }

    public string? Domain { get; private set; }

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public TimeSpan? RetryDelay { get; private set; }

    public List<QuotaViolation> Violations { get; } = [];

    public List<string> HelpLinks { get; } = [];

    /// <summary>An OpenAI-style <c>code</c> normalized to a string (a string as is, a number in invariant digits).</summary>
    public string? Code { get; private set; }

    public string? Type { get; private set; }

    public string? Param { get; private set; }

    /// <summary>The upstream provider a gateway named (OpenRouter's <c>metadata.provider_name</c>).</summary>
    public string? UpstreamProvider { get; private set; }

    /// <summary><see langword="true"/> when the body looked like a Google status (a <c>status</c> string or typed <c>details</c>).</summary>
    public bool IsGoogle { get; private set; }

    /// <summary>Parses an error body; returns <see langword="null"/> when it is empty, not JSON, or has no recognizable error.</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The parsed body, or <see langword="null"/>.</returns>
    public static ServiceErrorBody? TryParse(ReadOnlySpan<byte> body)
    {
        var trimmed = TrimStart(body);
        if (trimmed.IsEmpty || (trimmed[0] != (byte)'{' && trimmed[0] != (byte)'['))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(trimmed, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            return FromRoot(document.RootElement, nested: false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Redacts every string the service supplied (status, reason, code, type, quota fields, metadata, links…) so
    /// that whatever the classifier copies into an exception, its message, next move or packet is already clean.
    /// </summary>
    /// <param name="secret">The configured key, matched in any letter case; credential-shaped tokens go too.</param>
    public void RedactWith(string? secret)
    {
        Message = SecretRedactor.Redact(Message, secret);
        Status = SecretRedactor.Redact(Status, secret);
        Reason = SecretRedactor.Redact(Reason, secret);
        Domain = SecretRedactor.Redact(Domain, secret);
        Code = SecretRedactor.Redact(Code, secret);
        Type = SecretRedactor.Redact(Type, secret);
        Param = SecretRedactor.Redact(Param, secret);
        UpstreamProvider = SecretRedactor.Redact(UpstreamProvider, secret);

        var metadata = Metadata.ToList();
        Metadata.Clear();
        foreach (var (name, value) in metadata)
        {
            Metadata[SecretRedactor.Redact(name, secret)!] = SecretRedactor.Redact(value, secret)!;
        }

        for (var i = 0; i < HelpLinks.Count; i++)
        {
            HelpLinks[i] = SecretRedactor.Redact(HelpLinks[i], secret)!;
        }

        for (var i = 0; i < Violations.Count; i++)
        {
            var violation = Violations[i];
            var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in violation.Dimensions)
            {
                dimensions[SecretRedactor.Redact(name, secret)!] = SecretRedactor.Redact(value, secret)!;
            }

            Violations[i] = new QuotaViolation { QuotaMetric = SecretRedactor.Redact(violation.QuotaMetric, secret), QuotaId = SecretRedactor.Redact(violation.QuotaId, secret), Dimensions = dimensions, QuotaValue = SecretRedactor.Redact(violation.QuotaValue, secret) };
        }
    }

    private static ServiceErrorBody? FromRoot(JsonElement root, bool nested)
    {
        // Some Google front ends answer with the status wrapped in an array: [{"error":{...}}].
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                if (FromRoot(item, nested) is { } parsed)
                {
                    return parsed;
                }
            }

            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new ServiceErrorBody();
        if (root.TryGetProperty("error", out var error))
        {
            switch (error.ValueKind)
            {
                case JsonValueKind.Object:
                    result.ReadError(error, nested);
                    return result;
                case JsonValueKind.String:
                    result.Message = error.GetString();
                    return result;
            }
        }

        // A bare status without the envelope ({"code":…,"message":…}) is what some gateways send.
        if (root.TryGetProperty("message", out _) || root.TryGetProperty("status", out _))
        {
            result.ReadError(root, nested);
            return result.Message is null && result.Status is null ? null : result;
        }

        return null;
    }

    private void ReadError(JsonElement error, bool nested)
    {
        Message = String(error, "message");
        Status = String(error, "status");
        Type = String(error, "type");
        Param = String(error, "param");
        if (error.TryGetProperty("code", out var code))
        {
            if (code.ValueKind == JsonValueKind.String)
            {
                Code = code.GetString();
            }
            else if (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number))
            {
                Code = number.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                ReadDetail(detail);
            }
        }

        IsGoogle |= Status is not null;

        if (error.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            UpstreamProvider = String(metadata, "provider_name");
            if (!nested && String(metadata, "raw") is { } raw)
            {
                MergeUpstream(raw);
            }
        }
    }

    private void ReadDetail(JsonElement detail)
    {
        if (detail.ValueKind != JsonValueKind.Object || String(detail, "@type") is not { } type)
        {
            return;
        }

        if (type.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            IsGoogle = true;
        }

        switch (type.StartsWith(TypePrefix, StringComparison.Ordinal) ? type[TypePrefix.Length..] : type)
        {
            case "RetryInfo":
                RetryDelay ??= detail.TryGetProperty("retryDelay", out var delay) ? ParseDuration(delay) : null;
                break;
            case "QuotaFailure":
                ReadViolations(detail);
                break;
            case "ErrorInfo":
                Reason ??= String(detail, "reason");
                Domain ??= String(detail, "domain");
                if (detail.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in metadata.EnumerateObject())
                    {
                        if (entry.Value.ValueKind == JsonValueKind.String)
                        {
                            Metadata[entry.Name] = entry.Value.GetString()!;
                        }
                    }
                }

                break;
            case "Help":
                if (detail.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array)
                {
                    foreach (var link in links.EnumerateArray())
                    {
                        if (link.ValueKind == JsonValueKind.Object && String(link, "url") is { Length: > 0 } url)
                        {
                            HelpLinks.Add(url);
                        }
                    }
                }

                break;
        }
    }

    private void ReadViolations(JsonElement detail)
    {
        if (!detail.TryGetProperty("violations", out var violations) || violations.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var violation in violations.EnumerateArray())
        {
            if (violation.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
            if (violation.TryGetProperty("quotaDimensions", out var dims) && dims.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in dims.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String)
                    {
                        dimensions[entry.Name] = entry.Value.GetString()!;
                    }
                }
            }

            // quotaValue is an int64, which proto3 JSON writes as a string; some front ends write a number.
            var value = violation.TryGetProperty("quotaValue", out var raw)
                ? raw.ValueKind switch
                {
                    JsonValueKind.String => raw.GetString(),
                    JsonValueKind.Number => raw.GetRawText(),
                    _ => null,
                }
                : null;
            Violations.Add(new QuotaViolation { QuotaMetric = String(violation, "quotaMetric"), QuotaId = String(violation, "quotaId"), Dimensions = dimensions, QuotaValue = value });
        }
    }

    private void MergeUpstream(string raw)
    {
        ServiceErrorBody? upstream;
        try
        {
            using var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 64 });
            upstream = FromRoot(document.RootElement, nested: true);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return;
        }

        if (upstream is null)
        {
            return;
        }

        Status ??= upstream.Status;
        Reason ??= upstream.Reason;
        Domain ??= upstream.Domain;
        RetryDelay ??= upstream.RetryDelay;
        Violations.AddRange(upstream.Violations);
        HelpLinks.AddRange(upstream.HelpLinks);
        if (upstream.Message is { } message && !string.Equals(message, Message, StringComparison.Ordinal))
        {
            Message = Message is null ? message : $"{Message} (upstream: {message})";
        }
    }

    /// <summary>Reads a protobuf <c>Duration</c>: JSON string form (<c>"37s"</c>, <c>"0.250s"</c>) or object form (<c>{"seconds":37,"nanos":0}</c>).</summary>
    private static TimeSpan? ParseDuration(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()?.Trim();
            if (text is { Length: > 1 } && text.EndsWith('s')
                && decimal.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                && seconds <= (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("seconds", out var s) && TryInt64(s, out var whole) && whole is >= 0 and < int.MaxValue)
        {
            var nanos = value.TryGetProperty("nanos", out var n) && TryInt64(n, out var fraction) && fraction is >= 0 and < 1_000_000_000 ? fraction : 0;
            return TimeSpan.FromSeconds(whole) + TimeSpan.FromTicks(nanos / 100);
        }

        return null;
    }

    private static bool TryInt64(JsonElement value, out long result)
    {
        result = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out result),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out result),
            _ => false,
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> body)
    {
        // A UTF-8 byte order mark or whitespace in front of the JSON is legal enough to accept.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        var start = 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return body[start..];
    }
}
