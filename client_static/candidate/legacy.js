// Loaded only by browsers too old for ES modules (script nomodule): say so instead of "Chargement…".
document.getElementById("loading").textContent = "Ce navigateur est trop ancien pour le test. Appelez le surveillant.";
