using System.Text.Json.Serialization;

namespace Deploy.Recipes.Edge.Contract;

/// <summary>Where a slot's process is in its life. On the wire and on disk in lower case (<c>"running"</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlotStatus>))]
public enum SlotStatus
{
    /// <summary>No process.</summary>
    [JsonStringEnumMemberName("empty")]
    Empty,

    /// <summary>The process was started; its port does not accept connections yet.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>The process accepts connections: it may take traffic.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The process is being drained and stopped.</summary>
    [JsonStringEnumMemberName("draining")]
    Draining,

    /// <summary>The process ended by itself.</summary>
    [JsonStringEnumMemberName("exited")]
    Exited,
}

/// <summary>The wire name of a <see cref="SlotStatus"/>, for messages.</summary>
public static class SlotStatusText
{
    /// <summary><c>running</c>, <c>empty</c>, ...: as the status is written on the wire.</summary>
    public static string ToWire(this SlotStatus status) => status.ToString().ToLowerInvariant();
}
