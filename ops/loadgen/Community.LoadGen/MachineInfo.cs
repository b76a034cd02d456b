using System.Runtime;
using System.Runtime.InteropServices;

namespace Community.LoadGen;

/// <summary>What the figures were measured on: they mean little without it.</summary>
public sealed record MachineInfo(int Cores, string Os, string Runtime, string Architecture, bool ServerGc)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
        RuntimeInformation.ProcessArchitecture.ToString(), GCSettings.IsServerGC);

    public string Describe() =>
        $"machine: {Cores} cores, {Os} {Architecture}, {Runtime}, {(ServerGc ? "server" : "workstation")} GC";
}
