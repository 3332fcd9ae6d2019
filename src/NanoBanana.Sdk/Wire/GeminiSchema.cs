using System.Text.Json;

namespace NanoBanana.Sdk.Wire;

/// <summary>The answer shapes <see cref="GeminiSchema"/> reads.</summary>
internal enum GeminiDialect
{
    /// <summary><c>generateContent</c> (camelCase or snake_case).</summary>
    GenerateContent,

    /// <summary>Interactions (<c>POST /v1beta/interactions</c>, <c>GET .../interactions/{id}</c>).</summary>
    Interactions,

    /// <summary>One line of a Batch results file: <c>{"key", "response": generateContent}</c> or <c>{"key", "error": google.rpc.Status}</c>.</summary>
    BatchLine,
}

/// <summary>
/// The Gemini schemas on the shared streaming engine: <c>generateContent</c>, Interactions and a Batch results line.
/// Thought parts and steps are skipped; the result images are the non-thought ones, in answer order.
/// </summary>
internal sealed class GeminiSchema : ImageStreamEngine
{
    private readonly GeminiDialect _dialect;
    private readonly ParsedImageResponse _result = new();

    /// <summary>
    /// The objects and arrays of the two answer shapes that the parser looks into. Any other container (unknown
    /// field, wrong type where an object or array was expected) is skipped whole.
    /// </summary>
    private enum Node : byte
    {
        None,
        Root,

        // A Batch results line ({"key", "response" | "error"}) and its google.rpc.Status error.
        Line,
        LineError,

        // generateContent: candidates[].content.parts[].inlineData, promptFeedback.
        Candidates,
        Candidate,
        Content,
        Parts,
        Part,
        InlineData,
        PromptFeedback,

        // Search grounding: candidates[].groundingMetadata (generateContent) or a google_search_call step's
        // arguments (Interactions), each holding a list of the queries the service ran.
        GroundingMetadata,
        SearchArguments,
        SearchQueries,

        // Interactions: steps[].content[] (and a thought step's summary[]).
        Steps,
        Step,
        Blocks,
        Block,

        // usageMetadata (generateContent) / usage (Interactions), and its per-modality list.
        Usage,
        ModalityCounts,
        ModalityCount,

        // Interactions: errors[] of a failed interaction ({code, message}).
        Errors,
        Error,
    }

    /// <summary>The properties read, named by meaning: camelCase, snake_case and the Interactions names map to one value.</summary>
    private enum Property : byte
    {
        None,
        Key,
        Response,
        Candidates,
        Content,
        Parts,
        Text,
        Thought,
        InlineData,
        MimeType,
        Data,
        FinishReason,
        FinishMessage,
        PromptFeedback,
        BlockReason,
        BlockReasonMessage,
        Usage,
        InputTokens,
        OutputTokens,
        ThoughtTokens,
        TotalTokens,
        ServiceTier,
        ModalityCounts,
        Modality,
        TokenCount,
        ModelVersion,
        ResponseId,
        Status,
        Steps,
        Type,
        Errors,
        Code,
        Message,
        GroundingMetadata,
        Arguments,
        SearchQueries,
    }

    private readonly record struct DecodedImage(int Offset, int Length, string MimeType);

    // Known containers from the root down; the schema is at most 8 deep (a Batch line to inlineData).
    private readonly Node[] _nodes = new Node[10];
    private int _nodeCount;

    // The property whose value comes next.
    private Property _property;

    // A part (generateContent) or a step (Interactions) is the unit a thought flag applies to, and that flag may
    // come after the content: what the unit produced waits here until the unit ends.
    private readonly List<DecodedImage> _pendingImages = [];
    private readonly List<string> _pendingTexts = [];
    private readonly List<DecodedImage> _images = [];
    private bool _partIsThought;
    private string? _stepType;
    private int _modelOutputSteps;
    private int _candidateIndex = -1;

    // Search queries of the current groundingMetadata or step; a step's type may come after its arguments.
    private int _unitSearchQueries;

    // The current inlineData object or content block.
    private string? _blockType;
    private string? _blockText;
    private string? _mimeType;
    private (int Offset, int Length)? _data;

    private bool _hasUsage;
    private int? _inputTokens;
    private int? _outputTokens;
    private int? _thoughtTokens;
    private int? _totalTokens;
    private int? _imageTokens;
    private int? _textTokens;
    private string? _modality;
    private string? _serviceTier; // usageMetadata.serviceTier (Interactions: top-level service_tier): the tier that served the call
    private int? _modalityTokens;

    private Node Current => _nodes[_nodeCount - 1];

    public GeminiSchema(Utf8StreamFeed feed, ImageParseLimits limits, GeminiDialect dialect, bool lineMode = false)
        : base(feed, limits, lineMode) => _dialect = dialect;

    /// <summary>A Batch line's <c>key</c>.</summary>
    public string? LineKey { get; private set; }

    /// <summary>A Batch line had a <c>response</c> object.</summary>
    public bool LineHasResponse { get; private set; }

    /// <summary>A Batch line had an <c>error</c> object.</summary>
    public bool LineHasError { get; private set; }

    /// <summary>A Batch line's <c>error.code</c> (the HTTP-like code of google.rpc.Status).</summary>
    public int? LineErrorCode { get; private set; }

    /// <summary>A Batch line's <c>error.status</c>.</summary>
    public string? LineErrorStatus { get; private set; }

    /// <summary>A Batch line's <c>error.message</c>.</summary>
    public string? LineErrorMessage { get; private set; }

    protected override StringScan OnPropertyName(ref Utf8JsonReader reader)
    {
        _property = ResolveProperty(ref reader);
        return _property == Property.Data && Current is Node.InlineData or Node.Block ? StringScan.Base64 : StringScan.None;
    }

    protected override bool OnEnterContainer(bool isObject)
    {
        Node node = _nodeCount == 0
            ? _dialect == GeminiDialect.BatchLine ? Node.Line : Node.Root
            : ChildOf(Current, _property, isObject);
        _property = Property.None;
        if (node == Node.None)
        {
            return false;
        }

        _nodes[_nodeCount++] = node;
        switch (node)
        {
            case Node.Candidate:
                _candidateIndex++;
                _result.CandidateCount++;
                break;
            case Node.Part:
                _partIsThought = false;
                break;
            case Node.Step:
                _stepType = null;
                _unitSearchQueries = 0;
                break;
            case Node.SearchQueries:
                // A repeated key: the last list wins, as for any JSON property.
                _unitSearchQueries = 0;
                break;
            case Node.InlineData or Node.Block:
                _blockType = _blockText = _mimeType = null;
                _data = null;
                break;
            case Node.Usage:
                _hasUsage = true;
                break;
            case Node.ModalityCount:
                _modality = null;
                _modalityTokens = null;
                break;
            case Node.Root when _dialect == GeminiDialect.BatchLine:
                LineHasResponse = true;
                break;
            case Node.LineError:
                LineHasError = true;
                break;
        }

        return true;
    }

    protected override void OnExitContainer()
    {
        Node node = _nodes[--_nodeCount];
        _property = Property.None;
        switch (node)
        {
            case Node.InlineData:
                KeepDataAsImage();
                break;
            case Node.Block when _blockType == "image":
                KeepDataAsImage();
                break;
            case Node.Block:
                DiscardData();
                if (_blockType == "text" && _blockText is not null)
                {
                    _pendingTexts.Add(_blockText);
                }

                break;
            case Node.Part:
                EndUnit(keep: !_partIsThought, isThought: _partIsThought);
                break;
            case Node.Step:
                if (_stepType == "model_output")
                {
                    _modelOutputSteps++;
                }

                EndUnit(keep: _stepType == "model_output", isThought: _stepType == "thought");
                if (_stepType == "google_search_call")
                {
                    _result.GroundingQueries += _unitSearchQueries;
                }

                break;
            case Node.GroundingMetadata:
                _result.GroundingQueries += _unitSearchQueries;
                _unitSearchQueries = 0;
                break;
            case Node.ModalityCount:
                AddModalityCount();
                break;
        }
    }

    protected override void OnScalar(ref Utf8JsonReader reader)
    {
        if (Current == Node.Line)
        {
            if (_property == Property.Key)
            {
                LineKey = AsString(ref reader);
            }

            _property = Property.None;
            return;
        }

        if (Current == Node.LineError)
        {
            switch (_property)
            {
                case Property.Code:
                    LineErrorCode = AsInt32(ref reader);
                    break;
                case Property.Status:
                    LineErrorStatus = AsString(ref reader);
                    break;
                case Property.Message:
                    LineErrorMessage = AsString(ref reader);
                    break;
            }

            _property = Property.None;
            return;
        }

        if (Current == Node.SearchQueries)
        {
            // Only counted, never read: a query costs the same whatever it says, so no string is made.
            if (reader.TokenType == JsonTokenType.String)
            {
                _unitSearchQueries++;
            }

            return;
        }

        switch (_property)
        {
            case Property.ModelVersion:
                _result.ModelVersion = AsString(ref reader);
                break;
            case Property.ResponseId:
                _result.ResponseId = AsString(ref reader);
                break;
            case Property.Status:
                _result.Status = AsString(ref reader);
                break;
            case Property.FinishReason when _candidateIndex == 0:
                _result.FinishReason = AsString(ref reader);
                break;
            case Property.FinishMessage when _candidateIndex == 0:
                _result.FinishMessage = AsString(ref reader);
                break;
            case Property.BlockReason:
                _result.BlockReason = AsString(ref reader);
                break;
            case Property.BlockReasonMessage:
                _result.BlockReasonMessage = AsString(ref reader);
                break;
            case Property.Code:
                _result.ErrorCode ??= AsString(ref reader);
                break;
            case Property.Message:
                _result.ErrorMessage ??= AsString(ref reader);
                break;
            case Property.Thought:
                _partIsThought = reader.TokenType == JsonTokenType.True;
                break;
            case Property.Text when Current == Node.Part && AsString(ref reader) is string text:
                _pendingTexts.Add(text);
                break;
            case Property.Text:
                _blockText = AsString(ref reader);
                break;
            case Property.MimeType:
                _mimeType = AsString(ref reader);
                break;
            case Property.Type when Current == Node.Step:
                _stepType = AsString(ref reader);
                break;
            case Property.Type:
                _blockType = AsString(ref reader);
                break;
            case Property.InputTokens:
                _inputTokens = AsInt32(ref reader);
                break;
            case Property.OutputTokens:
                _outputTokens = AsInt32(ref reader);
                break;
            case Property.ThoughtTokens:
                _thoughtTokens = AsInt32(ref reader);
                break;
            case Property.TotalTokens:
                _totalTokens = AsInt32(ref reader);
                break;
            case Property.ServiceTier:
                _serviceTier = AsString(ref reader);
                break;
            case Property.Modality:
                _modality = AsString(ref reader);
                break;
            case Property.TokenCount:
                _modalityTokens = AsInt32(ref reader);
                break;
        }

        _property = Property.None;
    }

    /// <summary>Called at the opening quote of an image object's <c>data</c>; says whether to decode it or just skip it.</summary>
    protected override bool OnBase64Begin()
    {
        // A repeated "data" key: the last one wins, and the earlier one is the newest thing in the decode buffer.
        DiscardData();
        return Current == Node.InlineData
            ? !_partIsThought
            : _stepType is null or "model_output" && _blockType is null or "image";
    }

    protected override void OnBase64End((int Offset, int Length) data)
    {
        _data = data.Length > 0 ? data : null;
        _property = Property.None;
    }

    private void KeepDataAsImage()
    {
        if (_data is { } data)
        {
            // An empty or blank declared type says nothing: the bytes do.
            string mimeType = string.IsNullOrWhiteSpace(_mimeType)
                ? ImageMimeTypes.Sniff(Decoder.GetImage(data.Offset, data.Length))
                : _mimeType.Trim();
            _pendingImages.Add(new DecodedImage(data.Offset, data.Length, mimeType));
            _data = null;
        }
    }

    private void DiscardData()
    {
        if (_data is { } data)
        {
            Decoder.Discard(data.Offset);
            _data = null;
        }
    }

    private void EndUnit(bool keep, bool isThought)
    {
        if (keep)
        {
            _images.AddRange(_pendingImages);
            foreach (string text in _pendingTexts)
            {
                if (_result.Text.Length > 0)
                {
                    _result.Text.Append('\n');
                }

                _result.Text.Append(text);
            }
        }
        else if (_pendingImages.Count > 0)
        {
            // The unit's images are the newest in the decode buffer: give their space back.
            Decoder.Discard(_pendingImages[0].Offset);
        }

        if (isThought)
        {
            _result.SkippedThoughts++;
        }

        _pendingImages.Clear();
        _pendingTexts.Clear();
    }

    private void AddModalityCount()
    {
        if (_modalityTokens is not int tokens)
        {
            return;
        }

        if (string.Equals(_modality, "IMAGE", StringComparison.OrdinalIgnoreCase))
        {
            _imageTokens = (_imageTokens ?? 0) + tokens;
        }
        else if (string.Equals(_modality, "TEXT", StringComparison.OrdinalIgnoreCase))
        {
            _textTokens = (_textTokens ?? 0) + tokens;
        }
    }

    protected override ParsedImageResponse Complete()
    {
        byte[] buffer = Decoder.DetachBuffer();
        foreach (DecodedImage image in _images)
        {
            _result.Images.Add(new ParsedImage(buffer.AsMemory(image.Offset, image.Length), image.MimeType));
        }

        if (_hasUsage)
        {
            _result.Usage = new TokenUsage
            {
                InputTokens = _inputTokens,
                OutputTokens = _outputTokens,
                OutputImageTokens = _imageTokens,
                OutputTextTokens = _textTokens,
                ThoughtTokens = _thoughtTokens,
                TotalTokens = _totalTokens,
                ServiceTier = _serviceTier,
            };
        }

        if (_dialect == GeminiDialect.Interactions)
        {
            _result.CandidateCount = _modelOutputSteps > 0 ? 1 : 0;
        }

        return _result;
    }

    private Property ResolveProperty(ref Utf8JsonReader reader) => Current switch
    {
        Node.Line =>
            Is(ref reader, "key"u8) ? Property.Key
            : Is(ref reader, "response"u8) ? Property.Response
            : Is(ref reader, "error"u8) ? Property.Errors
            : Property.None,
        Node.LineError =>
            Is(ref reader, "code"u8) ? Property.Code
            : Is(ref reader, "message"u8) ? Property.Message
            : Is(ref reader, "status"u8) ? Property.Status
            : Property.None,
        Node.Root when _dialect != GeminiDialect.Interactions =>
            Is(ref reader, "candidates"u8) ? Property.Candidates
            : Is(ref reader, "usageMetadata"u8, "usage_metadata"u8) ? Property.Usage
            : Is(ref reader, "modelVersion"u8, "model_version"u8) ? Property.ModelVersion
            : Is(ref reader, "responseId"u8, "response_id"u8) ? Property.ResponseId
            : Is(ref reader, "promptFeedback"u8, "prompt_feedback"u8) ? Property.PromptFeedback
            : Property.None,
        Node.Root =>
            Is(ref reader, "steps"u8) ? Property.Steps
            : Is(ref reader, "usage"u8) ? Property.Usage
            : Is(ref reader, "model"u8) ? Property.ModelVersion
            : Is(ref reader, "id"u8) ? Property.ResponseId
            : Is(ref reader, "status"u8) ? Property.Status
            : Is(ref reader, "errors"u8) ? Property.Errors
            : Is(ref reader, "service_tier"u8) ? Property.ServiceTier
            : Property.None,
        Node.Error =>
            Is(ref reader, "code"u8) ? Property.Code
            : Is(ref reader, "message"u8) ? Property.Message
            : Property.None,
        Node.Candidate =>
            Is(ref reader, "content"u8) ? Property.Content
            : Is(ref reader, "finishReason"u8, "finish_reason"u8) ? Property.FinishReason
            : Is(ref reader, "finishMessage"u8, "finish_message"u8) ? Property.FinishMessage
            : Is(ref reader, "groundingMetadata"u8, "grounding_metadata"u8) ? Property.GroundingMetadata
            : Property.None,
        Node.GroundingMetadata => Is(ref reader, "webSearchQueries"u8, "web_search_queries"u8) ? Property.SearchQueries : Property.None,
        Node.SearchArguments => Is(ref reader, "queries"u8) ? Property.SearchQueries : Property.None,
        Node.Content => Is(ref reader, "parts"u8) ? Property.Parts : Property.None,
        Node.Part =>
            Is(ref reader, "inlineData"u8, "inline_data"u8) ? Property.InlineData
            : Is(ref reader, "text"u8) ? Property.Text
            : Is(ref reader, "thought"u8) ? Property.Thought
            : Property.None,
        Node.InlineData =>
            Is(ref reader, "data"u8) ? Property.Data
            : Is(ref reader, "mimeType"u8, "mime_type"u8) ? Property.MimeType
            : Property.None,
        Node.PromptFeedback =>
            Is(ref reader, "blockReason"u8, "block_reason"u8) ? Property.BlockReason
            : Is(ref reader, "blockReasonMessage"u8, "block_reason_message"u8) ? Property.BlockReasonMessage
            : Property.None,

        // A thought step carries its interim images in "summary": reading it as content lets the scanner skip
        // them instead of the reader buffering megabytes of base64.
        Node.Step =>
            Is(ref reader, "type"u8) ? Property.Type
            : Is(ref reader, "content"u8, "summary"u8) ? Property.Content
            : Is(ref reader, "arguments"u8) ? Property.Arguments
            : Property.None,
        Node.Block =>
            Is(ref reader, "type"u8) ? Property.Type
            : Is(ref reader, "data"u8) ? Property.Data
            : Is(ref reader, "mime_type"u8, "mimeType"u8) ? Property.MimeType
            : Is(ref reader, "text"u8) ? Property.Text
            : Property.None,

        // One node for both usage shapes: generateContent names (either case) and Interactions names.
        Node.Usage =>
            Is(ref reader, "promptTokenCount"u8, "prompt_token_count"u8, "total_input_tokens"u8) ? Property.InputTokens
            : Is(ref reader, "candidatesTokenCount"u8, "candidates_token_count"u8, "total_output_tokens"u8) ? Property.OutputTokens
            : Is(ref reader, "thoughtsTokenCount"u8, "thoughts_token_count"u8, "total_thought_tokens"u8) ? Property.ThoughtTokens
            : Is(ref reader, "totalTokenCount"u8, "total_token_count"u8, "total_tokens"u8) ? Property.TotalTokens
            : Is(ref reader, "candidatesTokensDetails"u8, "candidates_tokens_details"u8, "output_tokens_by_modality"u8) ? Property.ModalityCounts
            : Is(ref reader, "serviceTier"u8, "service_tier"u8) ? Property.ServiceTier
            : Property.None,
        Node.ModalityCount =>
            Is(ref reader, "modality"u8) ? Property.Modality
            : Is(ref reader, "tokenCount"u8, "token_count"u8, "tokens"u8) ? Property.TokenCount
            : Property.None,
        _ => Property.None,
    };

    private static Node ChildOf(Node parent, Property property, bool isObject) => (parent, property, isObject) switch
    {
        (Node.Line, Property.Response, true) => Node.Root,
        (Node.Line, Property.Errors, true) => Node.LineError,
        (Node.Root, Property.Candidates, false) => Node.Candidates,
        (Node.Candidates, Property.None, true) => Node.Candidate,
        (Node.Candidate, Property.Content, true) => Node.Content,
        (Node.Candidate, Property.GroundingMetadata, true) => Node.GroundingMetadata,
        (Node.GroundingMetadata, Property.SearchQueries, false) => Node.SearchQueries,
        (Node.Step, Property.Arguments, true) => Node.SearchArguments,
        (Node.SearchArguments, Property.SearchQueries, false) => Node.SearchQueries,
        (Node.Content, Property.Parts, false) => Node.Parts,
        (Node.Parts, Property.None, true) => Node.Part,
        (Node.Part, Property.InlineData, true) => Node.InlineData,
        (Node.Root, Property.PromptFeedback, true) => Node.PromptFeedback,
        (Node.Root, Property.Steps, false) => Node.Steps,
        (Node.Steps, Property.None, true) => Node.Step,
        (Node.Step, Property.Content, false) => Node.Blocks,
        (Node.Blocks, Property.None, true) => Node.Block,
        (Node.Root, Property.Usage, true) => Node.Usage,
        (Node.Usage, Property.ModalityCounts, false) => Node.ModalityCounts,
        (Node.ModalityCounts, Property.None, true) => Node.ModalityCount,
        (Node.Root, Property.Errors, false) => Node.Errors,
        (Node.Errors, Property.None, true) => Node.Error,
        _ => Node.None,
    };
}
