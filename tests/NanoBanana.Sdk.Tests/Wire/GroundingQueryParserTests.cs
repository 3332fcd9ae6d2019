using NanoBanana.Sdk.Wire;
using static NanoBanana.Sdk.Tests.Wire.ParserTestData;

namespace NanoBanana.Sdk.Tests.Wire;

/// <summary>Search grounding queries the parser counts for the cost record.</summary>
public sealed class GroundingQueryParserTests
{
    private static string Queries(int count) => string.Join(",", Enumerable.Range(1, count).Select(i => $"\"banana query {i}\""));

    private static string GenerateContent(string metadata) => $$$$"""
        {"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(Png(300))}}}}"}}]},
          {{{{metadata}}}},"finishReason":"STOP"}]}
        """;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 7)]
    public async Task CamelCaseWebSearchQueries_AreCounted(int count, int chunkSize)
    {
        string json = GenerateContent($$$"""
            "groundingMetadata":{"searchEntryPoint":{"renderedContent":"<div>"},"webSearchQueries":[{{{Queries(count)}}}],"groundingChunks":[{"web":{"uri":"u"}}]}
            """);

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        Assert.Equal(count, result.GroundingQueries);
        Assert.Single(result.Images);
        Assert.Equal("STOP", result.FinishReason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task SnakeCaseWebSearchQueries_AreCounted(int count)
    {
        string json = GenerateContent($$$"""
            "grounding_metadata":{"web_search_queries":[{{{Queries(count)}}}]}
            """);

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 3);

        Assert.Equal(count, result.GroundingQueries);
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task AnswerWithoutGroundingMetadata_HasNoQueries()
    {
        ParsedImageResponse result = await ParseAsync(GenerateContent("\"index\":0"));

        Assert.Equal(0, result.GroundingQueries);
    }

    [Fact]
    public async Task QueriesOfEveryCandidate_AreCounted_LikeTheirImages()
    {
        string json = """
            {"candidates":[
              {"groundingMetadata":{"webSearchQueries":["a","b"]},"content":{"parts":[{"text":"one"}]}},
              {"content":{"parts":[{"text":"two"}]},"groundingMetadata":{"webSearchQueries":["c"]}}]}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 5);

        Assert.Equal(3, result.GroundingQueries);
        Assert.Equal(2, result.CandidateCount);
    }

    [Fact]
    public async Task QueriesOutsideGroundingMetadata_AreNotCounted()
    {
        string json = """
            {"webSearchQueries":["a"],"groundingMetadata":{"webSearchQueries":["b"]},
             "candidates":[{"content":{"webSearchQueries":["c"],"parts":[]},"groundingMetadata":{"imageSearchQueries":["d"],"retrievalQueries":["e"]}}]}
            """;

        ParsedImageResponse result = await ParseAsync(json);

        Assert.Equal(0, result.GroundingQueries);
    }

    [Fact]
    public async Task RepeatedWebSearchQueriesKey_LastListWins()
    {
        string json = GenerateContent("""
            "groundingMetadata":{"webSearchQueries":["a","b","c"],"webSearchQueries":["d"]}
            """);

        Assert.Equal(1, (await ParseAsync(json)).GroundingQueries);
    }

    // The parser ignores wrong types everywhere rather than losing an image that was generated (and billed); a list
    // that is not a list of strings counts what is a string, and the client keeps its "not counted" warning when nothing is.
    [Theory]
    [InlineData("\"groundingMetadata\":{\"webSearchQueries\":\"banana\"}", 0)]
    [InlineData("\"groundingMetadata\":{\"webSearchQueries\":{\"q\":\"banana\"}}", 0)]
    [InlineData("\"groundingMetadata\":{\"webSearchQueries\":null}", 0)]
    [InlineData("\"groundingMetadata\":{\"webSearchQueries\":[1,null,true,{\"q\":\"x\"},[\"y\"],\"real\"]}", 1)]
    [InlineData("\"groundingMetadata\":[{\"webSearchQueries\":[\"a\"]}]", 0)]
    [InlineData("\"groundingMetadata\":\"a\"", 0)]
    public async Task WrongTypes_AreNotCounted_AndTheImageIsKept(string metadata, int expected)
    {
        ParsedImageResponse result = await ParseAsync(GenerateContent(metadata), chunkSize: 3);

        Assert.Equal(expected, result.GroundingQueries);
        Assert.Single(result.Images);
    }

    [Theory]
    [InlineData("""{"candidates":[{"groundingMetadata":{"webSearchQueries":["a" "b"]}}]}""")]
    [InlineData("""{"candidates":[{"groundingMetadata":{"webSearchQueries":["a",]}}]}""")]
    [InlineData("""{"candidates":[{"groundingMetadata":{"webSearchQueries":[a]}}]}""")]
    public async Task BrokenJsonInTheQueryList_IsMalformed(string json)
    {
        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(json));
        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(json, chunkSize: 1));
    }

    [Fact]
    public async Task QueryListNestedPastTheDepthLimit_IsTooDeep()
    {
        string json = """{"candidates":[{"groundingMetadata":{"webSearchQueries":["a",[["b"]]]}}]}""";

        Assert.Equal(ResponseParseFailure.TooDeep, await FailureAsync(json, maxDepth: 6));
        Assert.Equal(1, (await ParseAsync(json, maxDepth: 7)).GroundingQueries);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task InteractionGoogleSearchCallSteps_AreCounted(int chunkSize)
    {
        string json = $$$$"""
            {"id":"v1_i","status":"completed","steps":[
              {"type":"google_search_call","id":"s1","arguments":{"queries":["banana price","banana colour"]},"search_type":"web_search"},
              {"type":"google_search_result","call_id":"s1","result":[{"url":"u","title":"t"}]},
              {"arguments":{"queries":["type comes last"]},"id":"s2","type":"google_search_call"},
              {"type":"function_call","id":"f1","name":"f","arguments":{"queries":["not a search"]}},
              {"type":"model_output","content":[{"type":"image","mime_type":"image/png","data":"{{{{Base64(Png(300))}}}}"}]}]}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize, interactions: true);

        Assert.Equal(3, result.GroundingQueries);
        Assert.Single(result.Images);
    }

    [Theory]
    [InlineData("""{"steps":[{"type":"google_search_call","arguments":{"queries":"banana"}}]}""", 0)]
    [InlineData("""{"steps":[{"type":"google_search_call","arguments":["banana"]}]}""", 0)]
    [InlineData("""{"steps":[{"type":"google_search_call","arguments":{"queries":[5,"banana"]}}]}""", 1)]
    [InlineData("""{"steps":[{"type":"google_search_call"}],"arguments":{"queries":["x"]}}""", 0)]
    public async Task InteractionWrongTypes_AreNotCounted(string json, int expected)
    {
        ParsedImageResponse result = await ParseAsync(json, chunkSize: 3, interactions: true);

        Assert.Equal(expected, result.GroundingQueries);
    }

    [Fact]
    public async Task GenerateContentFieldsInAnInteraction_AreNotCounted()
    {
        string json = """{"candidates":[{"groundingMetadata":{"webSearchQueries":["a"]}}],"steps":[]}""";

        Assert.Equal(0, (await ParseAsync(json, interactions: true)).GroundingQueries);
    }
}
