using System.Net;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class AuthTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Model = "gemini-3.1-flash-image";

    [Fact]
    public async Task Any_key_works_by_default_in_the_header_or_the_query()
    {
        var (byHeader, _) = await Client.GenerateAsync(fixture.Http, Model, Client.GenerateBody(), key: "whatever");
        var (byQuery, _) = await Client.SendAsync(fixture.Http, Client.Post(Client.GeneratePath(Model) + "?key=whatever", Client.GenerateBody(), key: null));

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task Missing_key_is_403_unregistered_callers_like_the_real_api()
    {
        var (response, json) = await Client.GenerateAsync(fixture.Http, Model, Client.GenerateBody(), key: null);

        Client.AssertError(response, json, 403, "PERMISSION_DENIED");
        Assert.Contains("unregistered callers", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_token_instead_of_a_key_is_401_unauthenticated()
    {
        var request = Client.Post(Client.GeneratePath(Model), Client.GenerateBody(), key: null);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-not-a-google-token");

        var (response, json) = await Client.SendAsync(fixture.Http, request);

        Client.AssertError(response, json, 401, "UNAUTHENTICATED");
        Assert.Equal("ACCESS_TOKEN_TYPE_UNSUPPORTED", Client.Detail(json, "ErrorInfo").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Configured_keys_reject_others_with_api_key_invalid_and_block_blocked_keys()
    {
        var options = new NanoBananaEmulatorOptions();
        options.ApiKeys["good"] = "project-a";
        options.ApiKeys["blocked"] = "project-a";
        options.BlockedKeys.Add("blocked");
        await using var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        using var http = Client.For(emulator);

        var (ok, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "good");
        var (invalid, invalidJson) = await Client.SendAsync(http, Client.Post(Client.GeneratePath(Model) + "?key=bad", Client.GenerateBody(), key: null));
        var (blocked, blockedJson) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "blocked");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Client.AssertError(invalid, invalidJson, 400, "INVALID_ARGUMENT");
        Assert.Equal("API key not valid. Please pass a valid API key.", invalidJson.GetProperty("error").GetProperty("message").GetString());
        var info = Client.Detail(invalidJson, "ErrorInfo");
        Assert.Equal("API_KEY_INVALID", info.GetProperty("reason").GetString());
        Assert.Equal("googleapis.com", info.GetProperty("domain").GetString());
        Client.AssertError(blocked, blockedJson, 403, "PERMISSION_DENIED");
        Assert.Equal("API_KEY_SERVICE_BLOCKED", Client.Detail(blockedJson, "ErrorInfo").GetProperty("reason").GetString());
        Assert.DoesNotContain("blocked\"", blockedJson.GetRawText().Replace("are blocked", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactions_use_the_same_authentication()
    {
        var (response, json) = await Client.SendAsync(fixture.Http, Client.Post("v1beta/interactions", """{"model":"gemini-3.1-flash-image","input":"x"}""", key: null));

        Client.AssertError(response, json, 403, "PERMISSION_DENIED");
    }
}
