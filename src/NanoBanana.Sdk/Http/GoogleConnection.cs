namespace NanoBanana.Sdk.Http;

/// <summary>
/// A resolved, validated connection to Google's Gemini API: the key (from the options, then <c>GEMINI_API_KEY</c>,
/// then <c>GOOGLE_API_KEY</c>), the base URL (from the options, then <c>GOOGLE_GEMINI_BASE_URL</c>, then the
/// default) and the API version. Shared by the official and Batch clients.
/// </summary>
internal sealed class GoogleConnection
{
    public const string ApiKeyVariable = "GEMINI_API_KEY";
    public const string GoogleApiKeyVariable = "GOOGLE_API_KEY";
    public const string BaseUrlVariable = "GOOGLE_GEMINI_BASE_URL";

    private readonly string _baseUrl;

    private GoogleConnection(string apiKey, Uri baseUrl, string apiVersion)
    {
        ApiKey = apiKey;
        BaseUrl = baseUrl;
        ApiVersion = apiVersion;
        _baseUrl = baseUrl.AbsoluteUri.TrimEnd('/') + "/";
    }

    public string ApiKey { get; }

    public Uri BaseUrl { get; }

    public string ApiVersion { get; }

    /// <summary>The setting to fix when the endpoint is wrong, for messages.</summary>
    public static string EndpointSetting(GoogleClientOptions options) => $"{options.OptionsName}.BaseUrl (or {BaseUrlVariable})";

    /// <summary>Builds an absolute URI under the base URL (keeping any path prefix a proxy base URL has).</summary>
    public Uri Resolve(string relativePath) => new(_baseUrl + relativePath);

    /// <summary>Resolves and validates; adds every failure to <paramref name="failures"/> and returns <see langword="null"/> when any.</summary>
    public static GoogleConnection? Resolve(GoogleClientOptions options, List<string> failures)
    {
        var name = options.OptionsName;
        var env = options.EnvironmentVariables;
        var before = failures.Count;
        var apiKey = NonBlank(options.ApiKey) ?? NonBlank(env(ApiKeyVariable)) ?? NonBlank(env(GoogleApiKeyVariable));
        if (apiKey is null)
        {
            failures.Add($"No Gemini API key: set {name}.ApiKey or the {ApiKeyVariable} environment variable ({GoogleApiKeyVariable} is read as a fallback).");
        }
        else if (apiKey.Any(char.IsControl) || !System.Text.Ascii.IsValid(apiKey))
        {
            // HTTP headers are ASCII: a key pasted with a stray newline or a typographic quote would otherwise fail at send
            // time as a "network" error that retry policies keep retrying.
            failures.Add($"The Gemini API key contains control or non-ASCII characters (a stray newline or a typographic quote?); copy it again into {name}.ApiKey or the {ApiKeyVariable} environment variable.");
        }

        Uri? baseUrl;
        string source;
        if (options.BaseUrl is { } configured)
        {
            (baseUrl, source) = (configured, $"{name}.BaseUrl");
        }
        else if (NonBlank(env(BaseUrlVariable)) is { } fromEnv)
        {
            source = $"the {BaseUrlVariable} environment variable";
            if (!Uri.TryCreate(fromEnv, UriKind.Absolute, out baseUrl))
            {
                failures.Add($"The base URL in {source} is not an absolute URL: set it to one such as {GoogleClientOptions.DefaultBaseUrl}, or unset it to use that default.");
            }
        }
        else
        {
            (baseUrl, source) = (GoogleClientOptions.DefaultBaseUrl, "the default");
        }

        if (baseUrl is not null)
        {
            EndpointValidation.Validate(baseUrl, source, options.AllowInsecureHttp, $"{name}.AllowInsecureHttp", "the x-goog-api-key header", failures);
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            failures.Add($"{name}.ApiVersion must not be blank (default 'v1beta').");
        }

        return failures.Count > before ? null : new GoogleConnection(apiKey!, baseUrl!, options.ApiVersion.Trim('/'));
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Endpoint rules every route shares: absolute http(s), https off loopback unless opted in, no query, fragment or user info.</summary>
internal static class EndpointValidation
{
    public static void Validate(Uri baseUrl, string source, bool allowInsecureHttp, string insecureSetting, string keyCarrier, List<string> failures)
    {
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"The base URL from {source} must be an absolute https:// URL.");
            return;
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback && !allowInsecureHttp)
        {
            failures.Add(
                $"The base URL from {source} uses http:// on a non-loopback host ({baseUrl.Host}): the API key would travel in clear text. Use https://, or set {insecureSetting} = true if you really mean it.");
        }

        if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            failures.Add(
                $"The base URL from {source} must not carry a query string, fragment or user info: the key goes only in {keyCarrier}, never in a URL.");
        }
    }
}
