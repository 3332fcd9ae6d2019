using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>
/// Google list paging: <c>pageSize</c> and <c>pageToken</c> query parameters, <c>nextPageToken</c> in the answer
/// (absent on the last page). Tokens are opaque; they hold the sequence number of the last item served, so
/// deleting items between pages skips nothing.
/// </summary>
internal static class Paging
{
    /// <summary>One page of <paramref name="newestFirst"/>; throws <see cref="RequestException"/> for a bad size or token.</summary>
    public static (List<T> Page, string? NextPageToken) Slice<T>(IReadOnlyList<T> newestFirst, Func<T, long> sequence, HttpRequest request, int defaultSize, int maxSize)
    {
        var size = defaultSize;
        var sizeText = First(request, "pageSize", "page_size");
        if (sizeText is not null)
        {
            if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size))
            {
                throw new RequestException("page_size", $"Invalid value at 'page_size' (TYPE_INT32), \"{sizeText}\"");
            }

            size = size == 0 ? defaultSize : Math.Min(size, maxSize);
        }

        var start = 0;
        var token = First(request, "pageToken", "page_token");
        if (!string.IsNullOrEmpty(token))
        {
            var after = Decode(token) ?? throw new RequestException("page_token", "Invalid page token.");
            start = newestFirst.TakeWhile(item => sequence(item) >= after).Count();
        }

        var page = newestFirst.Skip(start).Take(size).ToList();
        var next = start + page.Count < newestFirst.Count && page.Count > 0 ? Encode(sequence(page[^1])) : null;
        return (page, next);
    }

    private static string? First(HttpRequest request, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()))
            {
                return value.ToString();
            }
        }

        return null;
    }

    private static string Encode(long sequence) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("after:" + sequence.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static long? Decode(string token)
    {
        try
        {
            var padded = token.PadRight(token.Length + ((4 - (token.Length % 4)) % 4), '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("after:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan("after:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
