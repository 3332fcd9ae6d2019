using System.Text.Json;
using NanoBanana.Sdk.Images;

namespace NanoBanana.Sdk.Wire;

internal static partial class ImageResponseParser
{
    /// <summary>
    /// The objects and arrays of the two answer shapes that the parser looks into. Any other container (unknown
    /// field, wrong type where an object or array was expected) is skipped whole.
    /// </summary>
    private enum Node : byte
    {
        None,
        Root,

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

    private sealed partial class Session
    {
        // Known containers from the root down; the schema is at most 7 deep (root to inlineData).
        private readonly Node[] _nodes = new Node[8];
        private int _nodeCount;

        // Nesting inside a container that is being skipped.
        private int _skipDepth;

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

        /// <summary>Reads tokens until the buffer runs out (<see langword="false"/>) or the mode changes (<see langword="true"/>).</summary>
        private bool ReadTokens(ref Utf8JsonReader reader)
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        EnterContainer(ref reader);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        ExitContainer();
                        if (reader.CurrentDepth == 0)
                        {
                            _mode = Mode.Trailing;
                            return true;
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        if (_skipDepth == 0)
                        {
                            _property = ResolveProperty(ref reader);
                            if (_property == Property.Data && Current is Node.InlineData or Node.Block)
                            {
                                _mode = Mode.DataValue;
                                return true;
                            }
                        }

                        break;
                    default:
                        if (_skipDepth == 0)
                        {
                            ReadScalar(ref reader);
                        }

                        break;
                }
            }

            return false;
        }

        private void EnterContainer(ref Utf8JsonReader reader)
        {
            // This container is CurrentDepth + 1 levels deep.
            if (reader.CurrentDepth >= _limits.MaxDepth)
            {
                throw new ResponseParseException(ResponseParseFailure.TooDeep, $"The answer nests JSON deeper than {_limits.MaxDepth} levels.");
            }

            if (_skipDepth > 0)
            {
                _skipDepth++;
                return;
            }

            bool isObject = reader.TokenType == JsonTokenType.StartObject;
            Node node = _nodeCount == 0
                ? isObject ? Node.Root : throw NotAnObject()
                : ChildOf(Current, _property, isObject);
            _property = Property.None;
            if (node == Node.None)
            {
                _skipDepth = 1;
                return;
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
            }
        }

        private void ExitContainer()
        {
            if (_skipDepth > 0)
            {
                _skipDepth--;
                return;
            }

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

        private void ReadScalar(ref Utf8JsonReader reader)
        {
            if (_nodeCount == 0)
            {
                throw NotAnObject();
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
                case Property.Modality:
                    _modality = AsString(ref reader);
                    break;
                case Property.ServiceTier:
                    _serviceTier = AsString(ref reader);
                    break;
                case Property.TokenCount:
                    _modalityTokens = AsInt32(ref reader);
                    break;
            }

            _property = Property.None;
        }

        /// <summary>Called at the opening quote of an image object's <c>data</c>; says whether to decode it or just skip it.</summary>
        private bool BeginData()
        {
            // A repeated "data" key: the last one wins, and the earlier one is the newest thing in the decode buffer.
            DiscardData();
            return Current == Node.InlineData
                ? !_partIsThought
                : _stepType is null or "model_output" && _blockType is null or "image";
        }

        private void OnDataDecoded((int Offset, int Length) data) => _data = data.Length > 0 ? data : null;

        private void KeepDataAsImage()
        {
            if (_data is { } data)
            {
                string mimeType = _mimeType ?? ImageMimeTypes.Sniff(_decoder.GetImage(data.Offset, data.Length));
                _pendingImages.Add(new DecodedImage(data.Offset, data.Length, mimeType));
                _data = null;
            }
        }

        private void DiscardData()
        {
            if (_data is { } data)
            {
                _decoder.Discard(data.Offset);
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
                _decoder.Discard(_pendingImages[0].Offset);
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

        private ParsedImageResponse Complete()
        {
            byte[] buffer = _decoder.DetachBuffer();
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

            if (_dialect == Dialect.Interactions)
            {
                _result.CandidateCount = _modelOutputSteps > 0 ? 1 : 0;
            }

            return _result;
        }

        private Property ResolveProperty(ref Utf8JsonReader reader) => Current switch
        {
            Node.Root when _dialect == Dialect.GenerateContent =>
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

        private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

        private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alias) =>
            reader.ValueTextEquals(name) || reader.ValueTextEquals(alias);

        private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alias, ReadOnlySpan<byte> other) =>
            reader.ValueTextEquals(name) || reader.ValueTextEquals(alias) || reader.ValueTextEquals(other);

        private static string? AsString(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException ex)
            {
                // The reader does not validate UTF-8 inside strings until they are transcoded.
                throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has a string that is not valid UTF-8.", ex);
            }
        }

        private static int? AsInt32(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : null;

        private static ResponseParseException NotAnObject() =>
            new(ResponseParseFailure.Malformed, "The answer is JSON but not an object.");
    }
}
