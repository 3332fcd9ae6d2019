using System.Collections.ObjectModel;

namespace NanoBanana.Sdk;

/// <summary>
/// The HTTP facts of the answer a result came from: its status, request id and the headers that matter for
/// operations (rate-limit counters, retry hints, a provider's reported cost). Values are redacted.
/// </summary>
public sealed class ResponseInfo
{
    private static readonly string[] KeptPrefixes = ["x-ratelimit-", "x-request-id", "x-goog-request-id", "request-id", "retry-after", "x-litellm-"];

    /// <summary>The HTTP status (200 on a success).</summary>
    public int Status { get; init; }

    /// <summary>The request id from the headers (<c>x-request-id</c>, <c>x-goog-request-id</c>, <c>request-id</c>), when sent.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The headers kept from the answer, by lower-case name: <c>x-ratelimit-*</c>, <c>retry-after</c>,
    /// <c>retry-after-ms</c>, request ids and <c>x-litellm-*</c> (e.g. <c>x-litellm-response-cost</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    internal static ResponseInfo From(HttpResponseMessage response, string? requestId, string? secret)
    {
        Dictionary<string, string>? kept = null;
        Collect(response.Headers, ref kept, secret);
        Collect(response.Content.Headers, ref kept, secret);
        return new ResponseInfo
        {
            Status = (int)response.StatusCode,
            RequestId = requestId,
            Headers = kept is null ? ReadOnlyDictionary<string, string>.Empty : new ReadOnlyDictionary<string, string>(kept),
        };
    }

    // A loop rather than Array.Exists with a lambda: that closure would be allocated for every header of every answer.
    private static bool IsKept(string name)
    {
        foreach (var prefix in KeptPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(System.Net.Http.Headers.HttpHeaders headers, ref Dictionary<string, string>? kept, string? secret)
    {
        foreach (var header in headers.NonValidated)
        {
            var name = header.Key;
            if (!IsKept(name))
            {
                continue;
            }

            kept ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            kept[name.ToLowerInvariant()] = Errors.SecretRedactor.Redact(header.Value.ToString(), secret) ?? string.Empty;
        }
    }
}
