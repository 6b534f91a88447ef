"""Models and settings: the installed models and the catalogue, import, download, remove, choose;
plus threads, context, temperature, actors and server URL. Saved to the settings file on OK.

Reading the model list (GGUF headers, free memory, llama.cpp's GPU support) and downloading run
off the UI thread; a download shows bytes, rate and time left, can be cancelled (the part is kept
and resumes next time) and never runs twice at once.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from ..cancel import CancelToken
from ..errors import Cancelled, ReaderError
from ..models import service
from ..models.inventory import import_model
from ..settings import Settings, load_settings
from .safe import ask, tip, warn
from .tasks import TaskRunner

ROLE = Qt.ItemDataRole.UserRole


class DownloadJob(QObject):
    """One download on its own thread; signals arrive on the UI thread."""
    progress = Signal(object)
    finished = Signal(str, str)      # path, how it was verified
    failed = Signal(str, bool)       # message, cancelled

    def __init__(self, name: str, force: bool):
        super().__init__()
        self.name, self.force = name, force
        self.cancel_token = CancelToken()
        self.thread = threading.Thread(target=self._run, name="model-download", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _run(self) -> None:
        try:
            path, note = service.download_model(self.name, force=self.force, progress=self.progress.emit,
                                        cancel=self.cancel_token)
        except Cancelled:
            self.failed.emit("Download cancelled; the part already downloaded is kept and resumes next time.", True)
        except ReaderError as error:
            self.failed.emit(str(error), False)
        except Exception as error:  # keep the app alive; say what happened
            self.failed.emit(f"The download stopped with an unexpected error ({error.__class__.__name__}).", False)
        else:
            self.finished.emit(str(path), note)


class ModelsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Models and Settings")
        self.setObjectName("modelsDialog")
        self.resize(900, 640)
        self.tasks = TaskRunner(self)
        self.job: DownloadJob | None = None
        self.data: service.Listing | None = None
        self.settings = load_settings()
        self.chosen_model = self.settings.model

        self.machine_label = QLabel("Reading the models…", self)
        self.machine_label.setTextFormat(Qt.TextFormat.PlainText)
        self.installed = QTreeWidget(self)
        self.installed.setAccessibleName("Installed models")
        self.installed.setHeaderLabels(["Model", "Where", "Parameters", "Quantisation", "Context", "Size", "Fit"])
        self.installed.setRootIsDecorated(False)
        self.catalogue = QTreeWidget(self)
        self.catalogue.setAccessibleName("Model catalogue")
        self.catalogue.setHeaderLabels(["Model", "Parameters", "Size", "Licence", "State", "Checksum", "Fit"])
        self.catalogue.setRootIsDecorated(False)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)

        self.use_button = QPushButton("&Use Selected", self, accessibleName="Use the selected model")
        self.default_button = QPushButton("Use &Default", self, accessibleName="Use the embedded default model")
        self.import_button = QPushButton("&Import GGUF…", self, accessibleName="Import a GGUF model file")
        self.remove_button = QPushButton("&Remove", self, accessibleName="Remove the selected model")
        self.download_button = QPushButton("&Download", self, accessibleName="Download the selected catalogue model")
        self.cancel_download = QPushButton("Cancel Download", self, accessibleName="Cancel the download")
        self.cancel_download.hide()
        self.progress = QProgressBar(self, accessibleName="Download progress")
        self.progress.hide()
        self.progress_label = QLabel(self)
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)

        installed_box = QGroupBox("Installed", self)
        box = QVBoxLayout(installed_box)
        box.addWidget(self.installed)
        row = QHBoxLayout()
        for button in (self.use_button, self.default_button, self.import_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        catalogue_box = QGroupBox("Catalogue", self)
        box = QVBoxLayout(catalogue_box)
        box.addWidget(self.catalogue)
        box.addWidget(self.note)
        row = QHBoxLayout()
        row.addWidget(self.download_button)
        row.addWidget(self.cancel_download)
        row.addWidget(self.progress, 1)
        row.addWidget(self.progress_label, 2)
        box.addLayout(row)

        self.threads = QSpinBox(self, minimum=0, maximum=256, specialValueText="automatic")
        self.context = QSpinBox(self, minimum=0, maximum=1_048_576, singleStep=1024, specialValueText="from the model")
        self.temperature = QDoubleSpinBox(self, minimum=0.0, maximum=2.0, singleStep=0.1, decimals=2)
        self.max_actors = QSpinBox(self, minimum=0, maximum=30)
        self.server = QLineEdit(self, placeholderText="http://host:8000/v1 — empty: run the model on this computer")
        self.small_writes = QCheckBox("Let a model under 1B weights write summaries and notes", self)
        self.small_writes.setToolTip(
            "By default a model that small shows each section's key sentence and each actor's own words: "
            "measured on articles, most of the sentences it writes are wrong. Its sentences are checked "
            "against the article and flagged, but the checks miss much. Its stance labels stay "
            "'not judged' either way: they are at chance.")
        form_box = QGroupBox("Settings", self)
        form = QFormLayout(form_box)
        for label, widget in (("CPU threads", self.threads), ("Context (tokens)", self.context),
                              ("Temperature", self.temperature), ("Stance notes for at most", self.max_actors),
                              ("OpenAI-compatible server", self.server)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.small_writes.setAccessibleName("Let a small model write")
        form.addRow("", self.small_writes)
        self.small_writes.setChecked(self.settings.small_model_writes)
        self.threads.setValue(self.settings.threads)
        self.context.setValue(self.settings.context)
        self.temperature.setValue(self.settings.temperature)
        self.max_actors.setValue(self.settings.max_actors)
        self.server.setText(self.settings.server_url)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.machine_label)
        layout.addWidget(installed_box, 3)
        layout.addWidget(catalogue_box, 3)
        layout.addWidget(form_box)
        layout.addWidget(buttons)

        self.use_button.clicked.connect(self.use_selected)
        self.default_button.clicked.connect(lambda: self._choose(""))
        self.import_button.clicked.connect(self.import_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_download.clicked.connect(self.cancel)
        self.catalogue.currentItemChanged.connect(self._catalogue_changed)
        self.installed.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.refresh()

    # -- listing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.tasks.run("list", service.listing, self._fill,
                       lambda error: self.machine_label.setText(f"The models could not be listed: {error}"))

    def _fill(self, data: service.Listing) -> None:
        self.data = data
        host = data.host
        self.machine_label.setText(
            f"This computer: {host.cpus} CPUs, {host.available / 1e9:.1f} GB of {host.total / 1e9:.1f} GB memory "
            f"free, GPU offload {'available' if host.gpu_offload else 'not available'}.")
        chosen = Path(self.chosen_model).expanduser().resolve() if self.chosen_model else data.embedded
        keep_record, keep_entry = self._selected(self.installed), self._selected(self.catalogue)
        self.installed.clear()
        for record, fit in data.installed:
            in_use = chosen is not None and record.path.resolve() == Path(chosen).resolve()
            name = ("● " if in_use else "") + record.path.name
            if record.problem:
                item = QTreeWidgetItem([name, record.origin, "", "", "", f"{record.size / 1e6:.0f} MB", "unusable"])
                item.setToolTip(0, tip(record.problem))
                item.setToolTip(6, tip(record.problem))
            else:
                item = QTreeWidgetItem([name, record.origin, record.params_label, record.quant or "?",
                                        f"{record.context:,}", f"{record.size / 1e6:,.0f} MB", fit])
                item.setToolTip(0, tip(f"{record.path}\n{record.name} · {record.architecture} · "
                                       f"{'chat template from the file' if record.chat_template else 'ChatML fallback'}"))
            item.setData(0, ROLE, record)
            self.installed.addTopLevelItem(item)
            if keep_record is not None and keep_record.path == record.path:
                self.installed.setCurrentItem(item)
        self.catalogue.clear()
        installed = {r.path.name for r, _ in data.installed}
        for entry, fit, part in data.catalogue:
            state = "installed" if entry.file in installed else (
                f"partial, {part['bytes'] / 1e6:,.0f} MB (resumes)" if part else "not installed")
            item = QTreeWidgetItem([entry.name, entry.params, f"~{entry.approx_bytes / 1e6:,.0f} MB", entry.licence,
                                    state, "verified" if entry.verified else "unverified", fit])
            item.setToolTip(0, tip(entry.note))
            item.setData(0, ROLE, entry)
            self.catalogue.addTopLevelItem(item)
            if keep_entry is not None and keep_entry.id == entry.id:
                self.catalogue.setCurrentItem(item)
        for tree in (self.installed, self.catalogue):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
        if data.problem:
            self.note.setText(data.problem)
        self._update_buttons()

    def _catalogue_changed(self, item, _previous) -> None:
        entry = item.data(0, ROLE) if item else None
        if entry is not None:
            check = ("Size and SHA-256 are checked after download." if entry.verified else
                     "No checksum could be verified for this file; the download is checked for length and a "
                     "complete GGUF header.")
            self.note.setText(f"{entry.name}: {entry.note} Trained context {entry.context:,} tokens. {check}")
        self._update_buttons()

    def _selected(self, tree: QTreeWidget):
        item = tree.currentItem()
        return item.data(0, ROLE) if item else None

    def _update_buttons(self) -> None:
        record = self._selected(self.installed)
        entry = self._selected(self.catalogue)
        busy = self.job is not None
        self.use_button.setEnabled(record is not None and not record.problem)
        self.remove_button.setEnabled(record is not None and record.origin == "downloaded" and not busy)
        self.download_button.setEnabled(entry is not None and entry.downloadable and not busy)

    # -- actions ------------------------------------------------------------------------------------
    def _choose(self, path: str) -> None:
        self.chosen_model = path
        if self.data:
            self._fill(self.data)

    def use_selected(self) -> None:
        record = self._selected(self.installed)
        if record is not None and not record.problem:
            self._choose(str(record.path) if record.origin != "embedded" else "")

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a GGUF model", "", "GGUF models (*.gguf);;All files (*)")
        if not path:
            return
        self.import_button.setEnabled(False)
        self.progress_label.setText(f"Importing {Path(path).name}…")

        def done(target):
            self.import_button.setEnabled(True)
            self.progress_label.setText(f"Imported {target.name}.")
            self.refresh()

        def failed(error):
            self.import_button.setEnabled(True)
            self.progress_label.setText("")
            warn(self, "Could not import the model", str(error))
        self.tasks.run("import", lambda: import_model(Path(path)), done, failed)

    def remove_selected(self) -> None:
        record = self._selected(self.installed)
        if record is None or record.origin != "downloaded":
            return
        if not ask(self, "Remove model", f"Delete “{record.path.name}” ({record.size / 1e9:.1f} GB) from this computer?"):
            return
        self.remove_button.setEnabled(False)

        def removed(_result) -> None:
            if self.chosen_model and Path(self.chosen_model).expanduser().resolve() == record.path.resolve():
                self.chosen_model = ""
            self.refresh()

        def failed(error) -> None:
            self._update_buttons()
            warn(self, "Could not remove the model", str(error))
        self.tasks.run("remove", lambda: service.remove(str(record.path)), removed, failed)

    def download_selected(self, force: bool = False) -> None:
        entry = self._selected(self.catalogue)
        if entry is None or not entry.downloadable or self.job is not None:
            return
        fit = next((f for e, f, _ in (self.data.catalogue if self.data else []) if e.id == entry.id), "fits")
        if fit != "fits" and not force:
            if not ask(self, "Model too big", f"{entry.name} is {fit} for the memory free now and may not "
                                              "run here. Download it anyway?"):
                return
            force = True
        self.job = DownloadJob(entry.id, force)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._downloaded)
        self.job.failed.connect(self._download_failed)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_download.show()
        self.progress_label.setText(f"Downloading {entry.name}…")
        self._update_buttons()
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, progress) -> None:
        if progress.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * progress.done / progress.total))
        self.progress_label.setText(progress.describe())

    def _end_job(self, message: str) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_download.hide()
        self.progress_label.setText(message)
        self._update_buttons()
        self.refresh()

    def _downloaded(self, path: str, note: str) -> None:
        self._end_job(f"Downloaded {Path(path).name} ({note}).")

    def _download_failed(self, message: str, cancelled: bool) -> None:
        self._end_job(message)
        if not cancelled:
            warn(self, "The download failed", message)

    # -- result ---------------------------------------------------------------------------------
    def result_settings(self) -> Settings:
        return Settings(model=self.chosen_model, threads=self.threads.value(), context=self.context.value(),
                        temperature=round(self.temperature.value(), 2), max_actors=self.max_actors.value(),
                        server_url=self.server.text().strip(), small_model_writes=self.small_writes.isChecked())

    def done(self, result: int) -> None:
        """Closing cancels a running download (its part is kept and resumes next time); the
        download thread ends on its own within a second."""
        if self.job is not None:
            self.job.cancel()
            for signal in (self.job.progress, self.job.finished, self.job.failed):
                signal.disconnect()
            self.job = None
        self.tasks.discard_pending()
        super().done(result)
