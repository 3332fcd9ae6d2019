using NanoBanana.Sdk.Errors;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>One realistic answer per SPEC §7 row (Google and gateway envelopes) → exception type, owner and next move.</summary>
public sealed class ClassificationTests
{
    [Fact]
    public void Google_401_unauthenticated_is_a_credential_error()
    {
        var body = Google(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");

        var error = Classify(401, body);

        var auth = Assert.IsType<AuthenticationException>(error);
        Assert.Equal(ErrorOwner.CredentialSetup, auth.LikelyOwner);
        Assert.Equal(401, auth.StatusCode);
        Assert.Equal("UNAUTHENTICATED", auth.ServiceStatus);
        Assert.False(auth.IsTransient);
        Assert.Contains("Check the key type, its restrictions and the project it is linked to", auth.NextMove, StringComparison.Ordinal);
        Assert.Contains("AI Studio auth key", auth.NextMove, StringComparison.Ordinal);
        Assert.Contains("retest the same request", auth.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_sends_API_KEY_INVALID_as_400_and_it_is_still_a_credential_error()
    {
        var body = Google(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
            ErrorInfo("API_KEY_INVALID"),
            """{"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US","message":"API key not valid. Please pass a valid API key."}""");

        var error = Classify(400, body);

        var auth = Assert.IsType<AuthenticationException>(error);
        Assert.Equal(400, auth.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", auth.ServiceStatus);
        Assert.Equal("API_KEY_INVALID", auth.ErrorCode);
        Assert.Equal(ErrorOwner.CredentialSetup, auth.LikelyOwner);
        Assert.Contains("HTTP 400 INVALID_ARGUMENT, API_KEY_INVALID", auth.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void API_KEY_INVALID_sent_as_403_is_a_credential_error()
    {
        var body = Google(403, "PERMISSION_DENIED", "The API key is invalid.", ErrorInfo("API_KEY_INVALID"));

        Assert.IsType<AuthenticationException>(Classify(403, body));
    }

    [Fact]
    public void Gateway_401_invalid_api_key_is_a_credential_error_with_a_provider_next_move()
    {
        var body = OpenAi("Incorrect API key provided. You can find your API key in the dashboard.", "invalid_request_error", "\"invalid_api_key\"");

        var error = Classify(401, body, Context(ImageRoute.Provider));

        var auth = Assert.IsType<AuthenticationException>(error);
        Assert.Equal("invalid_api_key", auth.ErrorCode);
        Assert.Equal("invalid_request_error", auth.ErrorType);
        Assert.Equal(ImageRoute.Provider, auth.Route);
        Assert.Contains("provider key", auth.NextMove, StringComparison.Ordinal);
        Assert.Contains("retest the same request", auth.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_403_permission_denied_is_a_project_or_policy_error_separated_from_safety_and_files()
    {
        var body = Google(403, "PERMISSION_DENIED", "The caller does not have permission");

        var error = Classify(403, body);

        var denied = Assert.IsType<PermissionDeniedException>(error);
        Assert.Equal(ErrorOwner.ProjectOrPolicy, denied.LikelyOwner);
        Assert.False(denied.IsTransient);
        Assert.Contains("billing", denied.NextMove, StringComparison.Ordinal);
        Assert.Contains("not a safety block", denied.NextMove, StringComparison.Ordinal);
        Assert.Contains("files", denied.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_disabled_points_at_enabling_the_API_and_keeps_the_help_link()
    {
        const string Link = "https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=123456789";
        var body = Google(403, "PERMISSION_DENIED",
            "Generative Language API has not been used in project 123456789 before or it is disabled.",
            ErrorInfo("SERVICE_DISABLED", """{"consumer":"projects/123456789","service":"generativelanguage.googleapis.com"}"""),
            Help(Link));

        var error = Classify(403, body);

        var denied = Assert.IsType<PermissionDeniedException>(error);
        Assert.Equal("SERVICE_DISABLED", denied.ErrorCode);
        Assert.Equal(ErrorOwner.ProjectOrPolicy, denied.LikelyOwner);
        Assert.Contains("Enable the Generative Language API on the project (projects/123456789)", denied.NextMove, StringComparison.Ordinal);
        Assert.Contains(Link, denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_restriction_is_a_permission_error_owned_by_credential_setup()
    {
        var body = Google(403, "PERMISSION_DENIED",
            "Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent are blocked.",
            ErrorInfo("API_KEY_SERVICE_BLOCKED"));

        var error = Classify(403, body);

        var denied = Assert.IsType<PermissionDeniedException>(error);
        Assert.Equal("API_KEY_SERVICE_BLOCKED", denied.ErrorCode);
        Assert.Equal(ErrorOwner.CredentialSetup, denied.LikelyOwner);
        Assert.Contains("restrictions", denied.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_403_names_the_provider_and_separates_permission_from_safety()
    {
        var body = OpenAi("Your key does not have access to this model", "permission_error", "null");

        var error = Classify(403, body, Context(ImageRoute.Provider));

        var denied = Assert.IsType<PermissionDeniedException>(error);
        Assert.Equal(ErrorOwner.ProjectOrPolicy, denied.LikelyOwner);
        Assert.Contains("provider account", denied.NextMove, StringComparison.Ordinal);
        Assert.Contains("not a safety block", denied.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_429_per_minute_is_a_transient_rate_limit_with_the_quota_details()
    {
        var error = Classify(429, PerMinuteRateLimit(), Context(), ("x-goog-request-id", "req-429"));

        var limited = Assert.IsType<RateLimitException>(error);
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, limited.LikelyOwner);
        Assert.True(limited.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(37), limited.RetryAfter);
        Assert.Equal("RESOURCE_EXHAUSTED", limited.ServiceStatus);
        Assert.Equal("req-429", limited.RequestId);
        var violation = Assert.Single(limited.QuotaViolations);
        Assert.Equal("GenerateRequestsPerMinutePerProjectPerModel", violation.QuotaId);
        Assert.Equal("generativelanguage.googleapis.com/generate_requests_per_model", violation.QuotaMetric);
        Assert.Equal("20", violation.QuotaValue);
        Assert.Equal(Pro, violation.Dimensions["model"]);
        Assert.Equal("global", violation.Dimensions["location"]);
        Assert.False(violation.IsDaily);
        Assert.Contains("Back off for at least 37 s", limited.NextMove, StringComparison.Ordinal);
        Assert.Contains("batch non-urgent work", limited.NextMove, StringComparison.Ordinal);
        Assert.Contains("Batch/Flex", limited.NextMove, StringComparison.Ordinal);
        Assert.Contains("request a quota increase", limited.NextMove, StringComparison.Ordinal);
        Assert.Contains("Never rotate keys", limited.NextMove, StringComparison.Ordinal);
        Assert.StartsWith("Rate limited by Google (official route) for model 'gemini-3-pro-image'", limited.Message, StringComparison.Ordinal);
        Assert.Contains("(HTTP 429 RESOURCE_EXHAUSTED, request id req-429). Likely owner: quota and traffic shape. Next: Back off", limited.Message, StringComparison.Ordinal);
        Assert.Contains("https://ai.google.dev/gemini-api/docs/rate-limits", limited.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_429_on_a_daily_limit_is_exhausted_quota_and_not_transient()
    {
        var error = Classify(429, PerDayQuota());

        var exhausted = Assert.IsType<QuotaExhaustedException>(error);
        Assert.False(error is RateLimitException, "a catch (RateLimitException) that backs off and retries must not catch a daily quota");
        Assert.Equal(ErrorKind.QuotaExhausted, exhausted.Kind);
        Assert.False(exhausted.IsTransient);
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, exhausted.LikelyOwner);
        Assert.True(Assert.Single(exhausted.QuotaViolations).IsDaily);
        Assert.Contains("Retrying now will not help", exhausted.NextMove, StringComparison.Ordinal);
        Assert.Contains("daily quota (RPD)", exhausted.NextMove, StringComparison.Ordinal);
        Assert.Contains("Do not rotate keys", exhausted.NextMove, StringComparison.Ordinal);
        Assert.Null(exhausted.RetryAfter);
        Assert.DoesNotContain("retry after", exhausted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_429_with_a_zero_limit_says_the_tier_has_no_quota_for_the_model()
    {
        var body = Google(429, "RESOURCE_EXHAUSTED", "Quota exceeded for metric: generate_content_free_tier_requests, limit: 0",
            QuotaFailure("generativelanguage.googleapis.com/generate_content_free_tier_requests", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "0"));

        var exhausted = Assert.IsType<QuotaExhaustedException>(Classify(429, body));

        Assert.Contains("limit 0", exhausted.NextMove, StringComparison.Ordinal);
        Assert.Contains("Enable billing", exhausted.NextMove, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("insufficient_quota")]
    [InlineData("insufficient_user_quota")]
    [InlineData("insufficient_balance")]
    public void Gateway_quota_and_balance_codes_are_exhausted_quota(string code)
    {
        var body = OpenAi("You exceeded your current quota, please check your plan and billing details.", code, $"\"{code}\"");

        var error = Classify(429, body, Context(ImageRoute.Provider));

        var exhausted = Assert.IsType<QuotaExhaustedException>(error);
        Assert.Equal(code, exhausted.ErrorCode);
        Assert.False(exhausted.IsTransient);
        Assert.Contains("Retrying now will not help", exhausted.NextMove, StringComparison.Ordinal);
        Assert.Contains("balance", exhausted.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_rate_limit_exceeded_is_a_transient_rate_limit_not_exhausted_quota()
    {
        var body = OpenAi("Rate limit reached for requests", "requests", "\"rate_limit_exceeded\"");

        var error = Classify(429, body, Context(ImageRoute.Provider), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "20s"));

        var limited = Assert.IsType<RateLimitException>(error);
        Assert.IsNotType<QuotaExhaustedException>(limited);
        Assert.True(limited.IsTransient);
        Assert.Equal("rate_limit_exceeded", limited.ErrorCode);
        Assert.Contains("x-ratelimit-remaining-requests=0, x-ratelimit-reset-requests=20s", limited.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HTTP_402_is_exhausted_quota_even_without_a_body()
    {
        var error = Classify(402, string.Empty, Context(ImageRoute.Provider));

        var exhausted = Assert.IsType<QuotaExhaustedException>(error);
        Assert.False(exhausted.IsTransient);
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, exhausted.LikelyOwner);
        Assert.Null(exhausted.ResponseBody);
    }

    [Fact]
    public void Provider_429_next_move_checks_the_provider_before_blaming_Google()
    {
        var body = OpenAi("Provider returned error", null, "429");

        var limited = Assert.IsType<RateLimitException>(Classify(429, body, Context(ImageRoute.Provider)));

        Assert.Contains("provider's status page", limited.NextMove, StringComparison.Ordinal);
        Assert.Contains("not necessarily Google", limited.NextMove, StringComparison.Ordinal);
        Assert.Contains("provider gateway 'acme-gateway'", limited.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_503_is_transient_capacity_with_retry_once_then_switch_with_logs()
    {
        var body = Google(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");

        var error = Classify(503, body);

        var unavailable = Assert.IsType<ServiceUnavailableException>(error);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, unavailable.LikelyOwner);
        Assert.True(unavailable.IsTransient);
        Assert.Contains("Retry once within bounds", unavailable.NextMove, StringComparison.Ordinal);
        Assert.Contains("switch route only with logs", unavailable.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_503_next_move_names_the_provider_status_before_Google()
    {
        var error = Classify(503, OpenAi("upstream connect error", "server_error", "null"), Context(ImageRoute.Provider));

        var unavailable = Assert.IsType<ServiceUnavailableException>(error);
        var provider = unavailable.NextMove.IndexOf("provider's status page", StringComparison.Ordinal);
        var google = unavailable.NextMove.IndexOf("Google", StringComparison.Ordinal);
        Assert.True(provider >= 0 && provider < google, unavailable.NextMove);
    }

    [Fact]
    public void Flex_503_says_flex_sheds_load_first()
    {
        var error = Classify(503, Google(503, "UNAVAILABLE", "Service unavailable"), Context(ImageRoute.Batch, lane: PriceLane.GoogleFlex));

        Assert.Contains("Flex sheds load first", error.NextMove, StringComparison.Ordinal);
        Assert.IsType<ServiceUnavailableException>(error);
    }

    [Fact]
    public void Flex_429_does_not_suggest_moving_to_flex()
    {
        var error = Classify(429, PerMinuteRateLimit(), Context(ImageRoute.Batch, lane: PriceLane.GoogleFlex));

        Assert.IsType<RateLimitException>(error);
        Assert.Contains("Flex capacity is shared", error.NextMove, StringComparison.Ordinal);
        Assert.DoesNotContain("move suitable jobs to Batch/Flex", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("Google (Flex tier)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_429_speaks_of_job_submissions()
    {
        var error = Classify(429, PerMinuteRateLimit(), Context(ImageRoute.Batch));

        Assert.Contains("submit fewer jobs at once", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("Google (Batch)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_504_deadline_exceeded_is_a_transient_timeout_that_may_be_billed()
    {
        var error = Classify(504, Google(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."));

        var timeout = Assert.IsType<ServiceTimeoutException>(error);
        Assert.True(timeout.IsTransient);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, timeout.LikelyOwner);
        Assert.Contains("billed", timeout.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_500_internal_is_transient_capacity()
    {
        var error = Classify(500, Google(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"));

        var unavailable = Assert.IsType<ServiceUnavailableException>(error);
        Assert.True(unavailable.IsTransient);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, unavailable.LikelyOwner);
    }

    [Theory]
    [InlineData(408, typeof(ServiceTimeoutException))]
    [InlineData(500, typeof(ServiceUnavailableException))]
    [InlineData(502, typeof(ServiceUnavailableException))]
    [InlineData(503, typeof(ServiceUnavailableException))]
    [InlineData(504, typeof(ServiceTimeoutException))]
    [InlineData(529, typeof(ServiceUnavailableException))]
    public void Retryable_statuses_are_transient_without_a_body(int status, Type expected)
    {
        var error = Classify(status, null);

        Assert.IsType(expected, error);
        Assert.True(error.IsTransient);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, error.LikelyOwner);
    }

    [Fact]
    public void Google_400_invalid_argument_is_the_callers_invalid_request()
    {
        var body = Google(400, "INVALID_ARGUMENT", "Invalid value at 'generation_config.image_config.image_size' (TYPE_STRING), 1k");

        var error = Classify(400, body);

        var invalid = Assert.IsType<InvalidRequestException>(error);
        Assert.Equal(ErrorOwner.Caller, invalid.LikelyOwner);
        Assert.False(invalid.IsTransient);
        Assert.Contains("image size", invalid.NextMove, StringComparison.Ordinal);
        Assert.Contains("Invalid value at 'generation_config.image_config.image_size'", invalid.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid value", invalid.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_400_failed_precondition_is_an_invalid_request_owned_by_the_project()
    {
        var body = Google(400, "FAILED_PRECONDITION", "User location is not supported for the API use.");

        var invalid = Assert.IsType<InvalidRequestException>(Classify(400, body));

        Assert.Equal(ErrorOwner.ProjectOrPolicy, invalid.LikelyOwner);
        Assert.Contains("billing", invalid.NextMove, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "NOT_FOUND", "model id")]
    [InlineData(413, "INVALID_ARGUMENT", "Shrink the request")]
    [InlineData(422, "INVALID_ARGUMENT", "Fix the request")]
    public void Other_caller_errors_are_invalid_requests(int status, string serviceStatus, string nextMove)
    {
        var error = Classify(status, Google(status, serviceStatus, "Rejected."));

        var invalid = Assert.IsType<InvalidRequestException>(error);
        Assert.Equal(ErrorOwner.Caller, invalid.LikelyOwner);
        Assert.Contains(nextMove, invalid.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_content_policy_400_is_a_request_problem_not_an_outage()
    {
        var body = OpenAi("Your request was rejected as a result of our safety system.", "invalid_request_error", "\"content_policy_violation\"");

        var invalid = Assert.IsType<InvalidRequestException>(Classify(400, body, Context(ImageRoute.Provider)));

        Assert.Equal(ErrorOwner.RequestAndParser, invalid.LikelyOwner);
        Assert.Contains("not an outage", invalid.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unmapped_status_is_the_root_type_with_an_unknown_owner()
    {
        var error = Classify(409, Google(409, "ABORTED", "The operation was aborted."));

        Assert.Equal(typeof(NanoBananaException), error.GetType());
        Assert.Equal(ErrorOwner.Unknown, error.LikelyOwner);
        Assert.False(error.IsTransient);
        Assert.Contains("reproduction packet", error.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_wrapped_google_envelope_is_read()
    {
        var body = "[" + PerMinuteRateLimit("12s") + "]";

        var limited = Assert.IsType<RateLimitException>(Classify(429, body));

        Assert.Equal("RESOURCE_EXHAUSTED", limited.ServiceStatus);
        Assert.Equal(TimeSpan.FromSeconds(12), limited.RetryAfter);
        Assert.Single(limited.QuotaViolations);
    }

    [Theory]
    [InlineData("\"rate_limit_exceeded\"", "rate_limit_exceeded")]
    [InlineData("429", "429")]
    [InlineData("null", null)]
    public void OpenAI_code_as_string_int_or_null_is_normalized(string codeJson, string? expected)
    {
        var body = OpenAi("Too many requests", "rate_limit_error", codeJson);

        var error = Classify(429, body, Context(ImageRoute.Provider));

        Assert.IsType<RateLimitException>(error);
        Assert.Equal(expected, error.ErrorCode);
        Assert.Equal("rate_limit_error", error.ErrorType);
    }

    [Fact]
    public void A_google_error_passed_through_a_gateway_metadata_raw_is_merged()
    {
        var raw = System.Text.Json.JsonSerializer.Serialize(PerDayQuota());
        var body = """{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":""" + raw + ""","provider_name":"Google AI Studio"}}}""";

        var error = Classify(429, body, Context(ImageRoute.Provider));

        var exhausted = Assert.IsType<QuotaExhaustedException>(error);
        Assert.Equal("RESOURCE_EXHAUSTED", exhausted.ServiceStatus);
        Assert.Single(exhausted.QuotaViolations);
        Assert.Contains("upstream provider Google AI Studio", exhausted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_falls_back_to_the_request_path_without_the_query()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Post, "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-image:generateContent?key=AIzaSyA1234567890abcdefghijklmnopqrstu"),
        };

        var error = ErrorClassifier.FromResponse(Context() with { Endpoint = null }, response, "{}"u8);

        Assert.Equal("POST /v1beta/models/gemini-3-pro-image:generateContent", error.Packet.Endpoint);
    }
}
