"""Which programs a shell script runs, and which arguments are theirs (not their launcher's)."""

from __future__ import annotations

from cfgmigrate.engines.shell import flags, programs
from cfgmigrate.engines.shell.commands import invocations


def runs(text: str) -> list[tuple[int, str, str, list[str]]]:
    return [(i.line, i.script, i.module, [w.text for w in i.args]) for i in invocations(text)]


def test_interpreters_and_launchers_give_the_program_and_its_own_arguments() -> None:
    text = (
        "python -u train.py --lr 1\n"
        "python3.11 -m pkg.cli --x=1\n"
        "torchrun --nproc_per_node=8 --master_port 29500 train.py --y\n"
        "deepspeed --num_gpus 2 train.py --deepspeed ds.json\n"
        "accelerate launch --config_file a.yaml -m pkg.sft --z\n"
        "python -m torch.distributed.run --nproc_per_node 2 train.py --w\n"
        "CUDA_VISIBLE_DEVICES=0 nohup python train.py --v &\n"
        "srun -N 2 torchrun train.py --u && echo done\n"
        "./train.py --t\n"
        "srun -N 2 scripts/train.py --s\n"
    )
    assert runs(text) == [
        (1, "train.py", "", ["--lr", "1"]),
        (2, "", "pkg.cli", ["--x=1"]),
        (3, "train.py", "", ["--y"]),
        (4, "train.py", "", ["--deepspeed", "ds.json"]),
        (5, "", "pkg.sft", ["--z"]),
        (6, "train.py", "", ["--w"]),
        (7, "train.py", "", ["--v"]),
        (8, "train.py", "", ["--u"]),
        (9, "./train.py", "", ["--t"]),
        (10, "scripts/train.py", "", ["--s"]),
    ]


def test_what_runs_no_program_of_the_project_is_not_an_invocation() -> None:
    assert runs("python -c 'import x' --a\necho python train.py --a\nls --a\naccelerate config --a\n") == []
    assert runs("echo ./train.py --a\ncat scripts/train.py --a\n") == []  # a .py word that is not the command


def test_quoted_arguments_and_continuations_keep_their_places() -> None:
    text = 'python train.py \\\n    "--old_name" \\\n    --old-name=$V\n'
    [inv] = invocations(text)
    hits = flags.renames(inv.args, "old_name", "new_name")
    assert [(text[h.edit.start : h.edit.end], h.edit.replacement) for h in hits] == [
        ("--old_name", "--new_name"),
        ("--old-name", "--new-name"),
    ]


def test_a_program_is_named_by_its_module_its_path_or_what_it_imports() -> None:
    source = "import transformers as tf\nfrom trl import TrlParser as P\np = tf.HfArgumentParser(())\n"
    names = programs.referenced_names(source)
    assert {"transformers.HfArgumentParser", "trl.TrlParser"} <= names
    assert programs.named_by(["transformers.HfArgumentParser"], "", "train.py", names)
    assert programs.named_by(["pkg.*"], "pkg.sft", "pkg/sft.py", ())
    assert programs.named_by(["scripts/*.py"], "", "scripts/a.py", ())
    assert not programs.named_by(["transformers.HfArgumentParser"], "", "report.py", {"argparse.ArgumentParser"})


def test_a_program_that_imports_a_project_module_takes_that_module_s_arguments() -> None:
    files = {
        "train_mem.py": "from pkg.train import main\nmain()\n",
        "pkg/train.py": "import transformers\ntransformers.HfArgumentParser\n",
    }
    names = programs.program_names("train_mem.py", files["train_mem.py"], files.get)
    assert "transformers.HfArgumentParser" in names
