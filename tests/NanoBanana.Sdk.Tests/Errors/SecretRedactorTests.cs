using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Errors;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("GET https://generativelanguage.googleapis.com/v1beta/models?key=abc123def456&alt=json", "GET https://generativelanguage.googleapis.com/v1beta/models?key=[REDACTED]&alt=json")]
    [InlineData("Authorization: Bearer sk-proj-abcdefghijklmnop", "Authorization: Bearer [REDACTED]")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "Authorization: Bearer [REDACTED]")]
    [InlineData("x-goog-api-key: AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "x-goog-api-key: [REDACTED]")]
    [InlineData("key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY leaked", "key [REDACTED] leaked")]
    [InlineData("{\"x-goog-api-key\": \"nbk_live_7f3a9c2e\"}", "{\"x-goog-api-key\": \"[REDACTED]\"}")]
    [InlineData("{\"apiKey\":\"nbk_live_7f3a9c2e\",\"api_key\": 'nbk_live_7f3a9c2e'}", "{\"apiKey\":\"[REDACTED]\",\"api_key\": '[REDACTED]'}")]
    [InlineData("provider key sk-ant-0123456789abcdef was used", "provider key [REDACTED] was used")]
    [InlineData("a task-scheduler and risk-assessment stay", "a task-scheduler and risk-assessment stay")]
    [InlineData("The model is overloaded.", "The model is overloaded.")]
    public void Credential_shapes_are_redacted_and_ordinary_text_is_kept(string input, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(input));
    }

    [Fact]
    public void The_configured_secret_is_redacted_wherever_it_appears()
    {
        Assert.Equal("a [REDACTED] b [REDACTED]", SecretRedactor.Redact("a my-secret-value b my-secret-value", "my-secret-value"));
    }

    [Fact]
    public void A_trivially_short_secret_does_not_shred_the_text()
    {
        Assert.Equal("a banana", SecretRedactor.Redact("a banana", "a"));
    }

    [Fact]
    public void Null_and_empty_stay_as_they_are()
    {
        Assert.Null(SecretRedactor.Redact(null, "secret-123"));
        Assert.Equal(string.Empty, SecretRedactor.Redact(string.Empty, "secret-123"));
    }

    [Fact]
    public void Fingerprint_is_the_first_8_hex_of_the_sha256_and_never_the_key()
    {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        Assert.Equal("sha256:ba7816bf", SecretRedactor.Fingerprint("abc"));
        Assert.Null(SecretRedactor.Fingerprint(null));
        Assert.Null(SecretRedactor.Fingerprint(string.Empty));
    }

    [Fact]
    public void ContainsSecret_tells_whether_redaction_would_change_the_text()
    {
        Assert.True(SecretRedactor.ContainsSecret("x my-secret-value", "my-secret-value"));
        Assert.True(SecretRedactor.ContainsSecret("Bearer abcdefgh"));
        Assert.False(SecretRedactor.ContainsSecret("nothing to see", "my-secret-value"));
    }
}
