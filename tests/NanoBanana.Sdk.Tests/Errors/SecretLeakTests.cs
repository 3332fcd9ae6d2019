using System.Text.RegularExpressions;
using NanoBanana.Sdk.Errors;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>The configured key never appears in anything an exception exposes, even when the service echoes it.</summary>
public sealed partial class SecretLeakTests
{
    // Shaped like neither an AIza nor an sk- key, so only the exact-secret redaction can catch it.
    private const string Secret = "nbk_live_7f3a9c2e41d84b6f";

    private static readonly string EchoingBody = Google(400, "INVALID_ARGUMENT",
        $"API key not valid. Key '{Secret}' was rejected for https://generativelanguage.googleapis.com/v1beta/models?key={Secret}",
        ErrorInfo("API_KEY_INVALID", $$"""{"key":"{{Secret}}"}"""));

    [Fact]
    public void The_key_never_leaks_from_a_classified_response()
    {
        var context = Context(secret: Secret, prompt: $"draw a banana, my key is {Secret}", includePrompt: true);

        var error = Classify(400, EchoingBody, context, ("x-request-id", "req-1"));

        Assert.IsType<AuthenticationException>(error);
        AssertNoSecret(error);
        Assert.Contains(SecretRedactor.Placeholder, error.ResponseBody, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Placeholder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_context_prints_a_fingerprint_instead_of_the_key()
    {
        var text = Context(secret: Secret).ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains($"Secret = {SecretRedactor.Fingerprint(Secret)}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_never_leaks_from_a_transport_failure_whose_inner_exception_holds_it()
    {
        var inner = new HttpRequestException($"Connection reset while calling https://gw.example/v1?api_key={Secret}", new IOException($"socket closed, key={Secret}"));

        var error = ErrorClassifier.FromTransportFailure(Context(secret: Secret), inner, statusCode: null, requestId: null);

        Assert.IsType<ServiceUnavailableException>(error);
        AssertNoSecret(error);
        Assert.DoesNotContain(Secret, error.InnerException!.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(HttpRequestException), error.InnerException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_never_leaks_from_no_image_timeout_or_malformed_errors()
    {
        var context = Context(secret: Secret, prompt: Secret, includePrompt: true);

        AssertNoSecret(ErrorClassifier.NoImage(context, NoImageReason.TextOnly, $"your key {Secret} is showing", "STOP", null, null, 200, "r", null));
        AssertNoSecret(ErrorClassifier.FromTimeout(context, TimeSpan.FromSeconds(100), new TaskCanceledException($"timeout {Secret}")));
        AssertNoSecret(ErrorClassifier.Malformed(context, 200, "r", $"unexpected token near {Secret}", new FormatException(Secret)));
    }

    [Fact]
    public void Credential_shaped_tokens_are_redacted_even_when_they_are_not_the_configured_key()
    {
        const string GoogleKey = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";
        const string ProviderKey = "sk-or-v1-0123456789abcdef0123456789abcdef";
        var body = OpenAi($"Incorrect API key provided: {ProviderKey}. Also saw {GoogleKey} and Bearer {ProviderKey}", "invalid_request_error", "\"invalid_api_key\"");

        var error = Classify(401, body, Context(ImageRoute.Provider));

        foreach (var text in new[] { error.Message, error.ToString(), error.ResponseBody!, error.Packet.ToJson() })
        {
            Assert.DoesNotContain(GoogleKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ProviderKey, text, StringComparison.Ordinal);
        }
    }

    private static void AssertNoSecret(NanoBananaException error)
    {
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.NextMove, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ResponseBody ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ServiceMessage ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Packet.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Packet.ToString(), StringComparison.Ordinal);
        if (error is NoImageException noImage)
        {
            Assert.DoesNotContain(Secret, noImage.Text ?? string.Empty, StringComparison.Ordinal);
        }

        if (error is MalformedResponseException malformed)
        {
            Assert.DoesNotContain(Secret, malformed.Detail, StringComparison.Ordinal);
        }

        var fingerprint = error.Packet.KeyFingerprint;
        Assert.NotNull(fingerprint);
        Assert.Matches(Fingerprint(), fingerprint);
        Assert.Equal("sha256:" + SecretRedactor.Sha256Hex(Secret)[..8], fingerprint);
        Assert.DoesNotContain(Secret, fingerprint, StringComparison.Ordinal);
    }

    [GeneratedRegex("^sha256:[0-9a-f]{8}$")]
    private static partial Regex Fingerprint();
}
