// Builds the native addon; a failed build warns and never fails the install.
console.log('[@qudao/kernels] native build placeholder');
