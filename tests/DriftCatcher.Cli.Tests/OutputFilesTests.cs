using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class OutputFilesTests
{
    [Fact]
    public void Commit_ARenameThatFails_PutsTheOldFilesBack_AndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        dir.File("a.txt", "old a");
        dir.File("b.txt", "old b");
        using (var outputs = new OutputFiles("--out"))
        {
            var root = outputs.AddDirectory(dir.Path);
            var a = outputs.AddFile(root, "a.txt");
            var b = outputs.AddFile(root, "b.txt");
            outputs.Write(a, s => s.Write("new a"u8));
            outputs.Write(b, s => s.Write("new b"u8));

            // After the checks, b.txt becomes a directory with something in it: its rename must fail.
            File.Delete(b);
            Directory.CreateDirectory(b);
            File.WriteAllText(Path.Combine(b, "inside"), "x");

            Should.Throw<UsageException>(() => outputs.Commit()).Message.ShouldStartWith("--out: could not put the new files in place, the old ones are kept");
        }

        File.ReadAllText(dir.Combine("a.txt")).ShouldBe("old a");
        Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName).ShouldBe(["a.txt"]);
    }

    [Fact]
    public void Dispose_WithoutCommit_RemovesTheStagedFiles_AndTheDirectoriesItMade()
    {
        using var dir = new TempDir();
        dir.File("keep.txt", "kept");
        using (var outputs = new OutputFiles("--out"))
        {
            var inner = outputs.AddDirectory(dir.Combine("new/deeper"));
            outputs.Write(outputs.AddFile(inner, "x.csv"), s => s.Write("x"u8));
            Directory.Exists(inner).ShouldBeTrue();
        }

        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBe([dir.Combine("keep.txt")]);
    }

    [Fact]
    public void Checks_CreateNothing()
    {
        using var dir = new TempDir();
        using var outputs = new OutputFiles("--out");

        var root = outputs.AddDirectory(dir.Combine("a/b/c"));
        outputs.AddFile(root, "f.txt");
        outputs.RefuseInputs(("--x", dir.Combine("elsewhere.csv")));

        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public void RealPath_ResolvesLinksAlongThePath()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("real/sub"));
        File.CreateSymbolicLink(dir.Combine("l1"), "real");
        File.CreateSymbolicLink(dir.Combine("real/sub/up"), "..");

        OutputFiles.RealPath(dir.Combine("l1/sub/up/sub/missing.txt")).ShouldBe(Path.Combine(OutputFiles.RealPath(dir.Path), "real/sub/missing.txt"));
    }
}
