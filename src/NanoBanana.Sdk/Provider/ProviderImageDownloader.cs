using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// Fetches the images a gateway answered as links (Images API <c>data[].url</c>, an <c>http(s)</c> <c>image_url</c>):
/// a plain <c>GET</c> with no credentials (no <c>Authorization</c>, no key, no NanoBanana request metadata), inside
/// the call's own timeout and cancellation, refused off https (http only on loopback or with the profile's
/// <c>AllowInsecureHttp</c>), at most <see cref="MaxRedirects"/> redirects followed by hand (each hop checked the same
/// way), the body capped at the client's <c>MaxImageBytes</c>, the MIME type from the bytes' signature (the
/// <c>Content-Type</c> only names a format the SDK does not sniff). Every failure is a classified
/// <see cref="MalformedResponseException"/> billed as <see cref="BillingOutcome.Unreadable"/> (the image was generated);
/// a timeout stays the call's timeout.
/// </summary>
internal static class ProviderImageDownloader
{
    /// <summary>Redirects followed per image (none carry a credential).</summary>
    public const int MaxRedirects = 3;

    public static async Task<GeneratedImage> DownloadAsync(
        HttpClient http, string url, ProviderSettings settings, ErrorContext context, int status, string? requestId, Func<CostRecord> unreadable, CancellationToken cancellationToken)
    {
        MalformedResponseException Refuse(string detail, Exception? inner = null) =>
            ErrorClassifier.Malformed(context, status, requestId, $"provider {settings.Profile.Name} answered an image URL that could not be fetched: {detail}", inner, unreadable());

        if (CarriesCredentials(http.DefaultRequestHeaders, settings.ApiKey))
        {
            throw Refuse("the HttpClient's DefaultRequestHeaders carry an Authorization header or the key, which would go to the image host; set credentials per request, not on the HttpClient");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Refuse("it is not an absolute URL");
        }

        for (var hop = 0; ; hop++)
        {
            CheckScheme(uri, settings, Refuse);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", SdkUserAgent.UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw Refuse($"GET {Origin(uri)} failed ({ex.HttpRequestError}): {ex.Message}", ex);
            }

            using (response)
            {
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                    {
                        throw Refuse($"more than {MaxRedirects} redirects from {Origin(uri)}");
                    }

                    uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Refuse(string.Create(CultureInfo.InvariantCulture, $"GET {Origin(uri)} answered HTTP {code} (a link that expired or needs the provider's console?)"));
                }

                try
                {
                    var bytes = await ReadCappedAsync(response.Content, settings.MaxImageBytes, Refuse, cancellationToken).ConfigureAwait(false);
                    return new GeneratedImage(bytes, MimeTypeOf(bytes, response.Content.Headers.ContentType?.MediaType, Refuse));
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    throw Refuse($"the download from {Origin(uri)} broke off: {ex.Message}", ex);
                }
            }
        }
    }

    private static void CheckScheme(Uri uri, ProviderSettings settings, Func<string, Exception?, MalformedResponseException> refuse)
    {
        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || settings.Profile.AllowInsecureHttp)))
        {
            return;
        }

        throw refuse($"{Origin(uri)} is not https:// (http:// only on loopback or with the profile's AllowInsecureHttp)", null);
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long max, Func<string, Exception?, MalformedResponseException> refuse, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > max)
        {
            throw refuse(string.Create(CultureInfo.InvariantCulture, $"the image is {declared} bytes, more than the {max} allowed; raise ProviderImageClientOptions.MaxImageBytes if such images are expected"), null);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[declared is { } length ? (int)length : 64 * 1024];
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (declared is not null)
                    {
                        // More than declared: read one byte to tell a longer body from the end.
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            break;
                        }

                        throw refuse("the body is longer than its Content-Length", null);
                    }

                    if (buffer.Length >= max)
                    {
                        throw refuse(string.Create(CultureInfo.InvariantCulture, $"the image is more than the {max} bytes allowed; raise ProviderImageClientOptions.MaxImageBytes if such images are expected"), null);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Min((long)buffer.Length * 2, max + 1), Array.MaxLength));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled > max)
                {
                    throw refuse(string.Create(CultureInfo.InvariantCulture, $"the image is more than the {max} bytes allowed; raise ProviderImageClientOptions.MaxImageBytes if such images are expected"), null);
                }
            }

            if (declared is { } expected && filled < expected)
            {
                throw refuse(string.Create(CultureInfo.InvariantCulture, $"the body ended after {filled} of {expected} bytes"), null);
            }

            return filled == buffer.Length ? buffer : buffer.AsSpan(0, filled).ToArray();
        }
    }

    private static string MimeTypeOf(byte[] bytes, string? contentType, Func<string, Exception?, MalformedResponseException> refuse)
    {
        if (bytes.Length == 0)
        {
            throw refuse("the body is empty", null);
        }

        var sniffed = ImageMimeTypes.Sniff(bytes);
        if (sniffed != "application/octet-stream")
        {
            return sniffed;
        }

        if (contentType is { } declared && declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && declared.Length > 6)
        {
            return declared.ToLowerInvariant();
        }

        throw refuse($"the body is not an image (Content-Type '{contentType ?? "none"}', no known image signature)", null);
    }

    private static bool CarriesCredentials(HttpRequestHeaders headers, string secret)
    {
        if (headers.Authorization is not null || headers.Contains("x-goog-api-key"))
        {
            return true;
        }

        foreach (var header in headers)
        {
            foreach (var value in header.Value)
            {
                if (value.Contains(secret, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Origin(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.SafeUnescaped);
}
