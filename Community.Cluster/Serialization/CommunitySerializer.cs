using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using Community.Contracts.Common;

namespace Community.Cluster.Serialization;

/// <summary>System.Text.Json for every <see cref="ICommunityMessage"/>, keyed by a stable manifest from
/// <see cref="Manifests"/>, so the journal never holds .NET type names.</summary>
public sealed class CommunitySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7311;

    public static readonly JsonSerializerOptions Json = CreateOptions();

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override string Manifest(object o) => Manifests.Of(o.GetType());

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, Manifests.TypeOf(manifest), Json)
        ?? throw new SerializationException($"Manifest {manifest} deserialized to null.");

    private static JsonSerializerOptions CreateOptions()
    {
        // Strict both ways: every field is written (nulls too) and every constructor parameter must be read back,
        // so a stored event is never silently half-read.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new TypedIdConverterFactory());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Writes typed ids as plain strings.</summary>
internal sealed class TypedIdConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(ITypedId).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(TypedIdConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class TypedIdConverter<T> : JsonConverter<T> where T : ITypedId
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (T)Activator.CreateInstance(typeof(T), reader.GetString() ?? throw new JsonException("An id must be a string."))!;

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}
